/**
 * The servers snapshots are taken of. A server is an entity of its own, named by the published
 * image it booted from and a number, so that several snapshots share one server consistently.
 */
import { FLAVOR_ROOT_DISKS_GIB } from './catalog/hardware.ts';
import { SERVER_ENVIRONMENTS, SERVER_ROLES } from './catalog/names.ts';
import { PROJECTS, type Project, type User } from './catalog/projects.ts';
import { type DrawContext, reseed } from './context.ts';
import { GIB, virtualSize } from './distribution.ts';
import { uuid } from './ids.ts';
import { compileWeights } from './random.ts';
import type { SnapshotBase } from './snapshot.ts';
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

/** The key suffixes of a base's servers (`${seed}:${baseIndex}:server:${number}`), made once. */
const SERVER_KEYS = [':server:0', ':server:1', ':server:2'];
const PROJECT_TABLE = compileWeights(PROJECTS.map((project) => ({ value: project, weight: project.weight })));

export function drawServer(
  context: DrawContext,
  base: SnapshotBase,
  baseIndex: number,
  number: number,
  spare?: Server,
): Server {
  reseed(context, baseIndex, SERVER_KEYS[number] ?? `:server:${number}`);
  const { random, now } = context;
  const project = random.weighted(PROJECT_TABLE);
  const user = random.pick(project.users);
  const environment = random.pick(SERVER_ENVIRONMENTS);
  const role = random.pick(SERVER_ROLES);
  const name = `${environment}${role}-${String(random.int(1, 12)).padStart(2, '0')}`;
  const needed = Math.max(virtualSize(base, base.size) / GIB, base.minDisk);
  const disks = FLAVOR_ROOT_DISKS_GIB.filter((size) => size >= needed);
  const rootDiskGiB = disks.length > 0 ? random.pick(disks) : Math.ceil(needed);
  const createdAt = drawTime(random, base.createdAt + HOUR, now - HOUR);
  const id = uuid(random);
  if (spare === undefined) return { id, name, project, user, rootDiskGiB, createdAt };
  // A server no longer needed, filled with this one (see Recent).
  spare.id = id;
  spare.name = name;
  spare.project = project;
  spare.user = user;
  spare.rootDiskGiB = rootDiskGiB;
  spare.createdAt = createdAt;
  return spare;
}
