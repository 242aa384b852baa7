/**
 * The servers snapshots are taken of. A server is an entity of its own, named by the published
 * image it booted from and a number, so that several snapshots share one server consistently.
 */
import { FLAVOR_ROOT_DISKS_GIB } from './catalog/hardware.ts';
import { SERVER_ENVIRONMENTS, SERVER_ROLES } from './catalog/names.ts';
import { PROJECTS, type Project, type User } from './catalog/projects.ts';
import { type DrawContext, reseed } from './context.ts';
import { GIB, type PublishedImage, virtualSize } from './distribution.ts';
import { uuid } from './ids.ts';
import { drawTime, HOUR } from './time.ts';

export interface Server {
  id: string;
  name: string;
  project: Project;
  user: User;
  /** Flavor root disk, GiB: at least what the image needs. */
  rootDiskGiB: number;
  createdAt: number;
}

const PROJECT_TABLE = PROJECTS.map((project) => ({ value: project, weight: project.weight }));

export function drawServer(
  context: DrawContext,
  base: PublishedImage,
  baseIndex: number,
  number: number,
): Server {
  reseed(context, `${baseIndex}:server:${number}`);
  const { faker, now } = context;
  const project = faker.helpers.weightedArrayElement(PROJECT_TABLE);
  const user = faker.helpers.arrayElement(project.users);
  const environment = faker.helpers.arrayElement(SERVER_ENVIRONMENTS);
  const role = faker.helpers.arrayElement(SERVER_ROLES);
  const name = `${environment}${role}-${String(faker.number.int({ min: 1, max: 12 })).padStart(2, '0')}`;
  const needed = Math.max(virtualSize(base) / GIB, base.record.min_disk);
  const disks = FLAVOR_ROOT_DISKS_GIB.filter((size) => size >= needed);
  const rootDiskGiB = disks.length > 0 ? faker.helpers.arrayElement(disks) : Math.ceil(needed);
  const createdAt = drawTime(faker, base.createdAt + HOUR, now - HOUR);
  return { id: uuid(faker), name, project, user, rootDiskGiB, createdAt };
}
