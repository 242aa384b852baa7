import { describe, expect, it } from 'vitest';
import { loadDataset } from '../mocks/dataset-load.ts';
import { type GlanceFilters, ImageService } from '../mocks/glance/image-service.ts';
import type { Caller } from '../mocks/types.ts';
import { SAMPLE_PROJECT } from './support/mock.ts';

const caller: Caller = { projectId: SAMPLE_PROJECT };
const store = new ImageService(await loadDataset('demo'));
const list = (filters: GlanceFilters) => store.list(caller, { filters });

describe('listing filters on the demo dataset', () => {
  it('lists a realistic first page for the demo project', () => {
    const all = store.list(caller);
    expect(all.length).toBeGreaterThan(100);
    expect(store.size).toBeGreaterThan(all.length);
  });

  it('type=snapshot gives the caller’s snapshots and shared ones', () => {
    const snapshots = list({ properties: [['image_type', 'snapshot']] });
    expect(snapshots.length).toBeGreaterThan(20);
    for (const image of snapshots) expect(image.properties.instance_uuid).toBeDefined();
  });

  it('status=saving gives snapshots in progress', () => {
    const saving = list({ status: 'saving' });
    expect(saving.length).toBeGreaterThan(0);
    for (const image of saving) expect([image.status, image.size]).toEqual(['saving', null]);
  });

  it('server=<id> gives every listed snapshot of that server', () => {
    const snapshots = list({ properties: [['image_type', 'snapshot']] });
    const counts = new Map<string, number>();
    for (const image of snapshots) {
      const server = image.properties.instance_uuid as string;
      counts.set(server, (counts.get(server) ?? 0) + 1);
    }
    const [server, count] = [...counts].sort((a, b) => b[1] - a[1])[0] as [string, number];
    const ofServer = list({ properties: [['instance_uuid', server]] });
    expect(ofServer.length).toBeGreaterThanOrEqual(count);
    expect(ofServer.length).toBeGreaterThan(1);
    expect(new Set(ofServer.map((image) => image.properties.base_image_ref)).size).toBe(1);
  });

  it('name=<a real name> finds that image', () => {
    const ubuntu = store
      .list(caller)
      .find((image) => image.name?.startsWith('ubuntu-24.04-server-cloudimg-'));
    expect(ubuntu).toBeDefined();
    expect(list({ name: ubuntu?.name as string }).map((image) => image.id)).toEqual([ubuntu?.id]);
  });

  it('property-architecture=aarch64 finds Arm images', () => {
    expect(list({ properties: [['architecture', 'aarch64']] }).length).toBeGreaterThan(0);
  });
});
