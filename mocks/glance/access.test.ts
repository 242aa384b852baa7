/**
 * `listAudience` says, for every kind of image, exactly who `isListed` lists it to: the indexes
 * split their candidates by it, so a caller it left out would miss images on its pages.
 */
import { describe, expect, it } from 'vitest';
import { OTHER_PROJECT, OWN_PROJECT, privateRecord } from '../../tests/support/records.ts';
import type { Caller, ImageRecord } from '../types.ts';
import { isListed, type ListAudience, listAudience } from './access.ts';

const THIRD_PROJECT = 'cccccccccccccccccccccccccccccccc';

function inAudience(audience: ListAudience | undefined, caller: Caller): boolean {
  if (audience === undefined) return false;
  return (
    audience.everyone ||
    (caller.admin === true && audience.admins) ||
    audience.projects.includes(caller.projectId)
  );
}

/** Every visibility, owner, membership, status and hidden flag, combined. */
function everyKindOfImage(): ImageRecord[] {
  const images: ImageRecord[] = [];
  const memberships: Partial<ImageRecord>[] = [
    {},
    { members: [OTHER_PROJECT] },
    { members: [OWN_PROJECT, THIRD_PROJECT] },
    { pending_members: [OTHER_PROJECT] },
    { rejected_members: [OTHER_PROJECT], members: [THIRD_PROJECT] },
  ];
  for (const visibility of ['public', 'private', 'shared', 'community'] as const)
    for (const owner of [OWN_PROJECT, OTHER_PROJECT, null])
      for (const membership of memberships)
        for (const status of [
          'active',
          'queued',
          'deactivated',
          'killed',
          'deleted',
          'pending_delete',
        ] as const)
          for (const os_hidden of [false, true])
            for (const deleted of [false, true])
              images.push(
                privateRecord(images.length, {
                  visibility,
                  owner,
                  status,
                  os_hidden,
                  deleted,
                  ...membership,
                }),
              );
  return images;
}

const callers: Caller[] = [OWN_PROJECT, OTHER_PROJECT, THIRD_PROJECT].flatMap((projectId) => [
  { projectId },
  { projectId, admin: true },
]);

describe('listAudience', () => {
  it('holds exactly the callers isListed lists each image to', () => {
    const images = everyKindOfImage();
    let listings = 0;
    for (const image of images) {
      const audience = listAudience(image);
      for (const caller of callers) {
        const listed = isListed(image, caller);
        if (listed) listings++;
        expect(inAudience(audience, caller), JSON.stringify({ image, caller })).toBe(listed);
      }
    }
    // Both answers occur often: the comparison is not between two constant answers.
    expect(listings).toBeGreaterThan(500);
    expect(images.length * callers.length - listings).toBeGreaterThan(500);
  });

  it('lists a public image to everyone, others’ community images to no one, shared ones to accepted members', () => {
    expect(listAudience(privateRecord(1, { visibility: 'public', owner: OTHER_PROJECT }))).toEqual({
      everyone: true,
      admins: false,
      projects: [],
    });
    expect(listAudience(privateRecord(2, { visibility: 'community', owner: OTHER_PROJECT }))).toEqual({
      everyone: false,
      admins: false,
      projects: [OTHER_PROJECT],
    });
    expect(
      listAudience(
        privateRecord(3, {
          visibility: 'shared',
          members: [THIRD_PROJECT],
          pending_members: [OWN_PROJECT],
        }),
      ),
    ).toEqual({ everyone: false, admins: true, projects: [OWN_PROJECT, THIRD_PROJECT] });
    expect(listAudience(privateRecord(4, { os_hidden: true }))).toBeUndefined();
  });
});
