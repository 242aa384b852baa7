/**
 * Keystone projects and users that own images. Ids are fixed 32-hex strings, as Keystone
 * issues them; the first project is the one the api-samples records belong to (the default
 * caller), so a default demo caller sees plenty of its own images.
 */
import { DEFAULT_PROJECT_ID } from '../../mocks/options.ts';

export interface User {
  id: string;
  name: string;
}

export interface Project {
  id: string;
  name: string;
  /** Share of user-owned images (uploads, snapshots) in this project. */
  weight: number;
  users: readonly User[];
}

export const PROJECTS: readonly Project[] = [
  {
    id: DEFAULT_PROJECT_ID,
    name: 'demo',
    weight: 40,
    users: [
      { id: '8a62ce3c0c4c4a2b9e6d1f0b7c5e4d21', name: 'alice' },
      { id: '3f9b0e7d2a6c4e18b5d4c3a2f1e0d9c8', name: 'bob' },
      { id: 'c1d2e3f4a5b64c7d8e9f0a1b2c3d4e5f', name: 'carol' },
    ],
  },
  {
    id: '4b2e8f1a9c3d4e5f8a7b6c5d4e3f2a1b',
    name: 'web-platform',
    weight: 15,
    users: [
      { id: 'e5f6a7b8c9d04e1f8a2b3c4d5e6f7a8b', name: 'dmitri' },
      { id: '0a1b2c3d4e5f46a7b8c9d0e1f2a3b4c5', name: 'erin' },
    ],
  },
  {
    id: '9d8c7b6a5f4e4d3c8b2a1f0e9d8c7b6a',
    name: 'data-science',
    weight: 12,
    users: [
      { id: '5e4d3c2b1a0f49e8d7c6b5a4f3e2d1c0', name: 'farah' },
      { id: 'a9b8c7d6e5f44a3b8c2d1e0f9a8b7c6d', name: 'gustavo' },
    ],
  },
  {
    id: '1c2d3e4f5a6b47c8d9e0f1a2b3c4d5e6',
    name: 'ci-runners',
    weight: 10,
    users: [{ id: 'f0e1d2c3b4a54968a7b6c5d4e3f2a1b0', name: 'jenkins' }],
  },
  {
    id: '7e6f5d4c3b2a41f0e9d8c7b6a5f4e3d2',
    name: 'ops',
    weight: 13,
    users: [
      { id: '2b3c4d5e6f7a48b9c0d1e2f3a4b5c6d7', name: 'hiro' },
      { id: 'd7c6b5a4f3e24d1c8b0a9f8e7d6c5b4a', name: 'ines' },
    ],
  },
  {
    id: 'b3a2f1e0d9c84b7a8f6e5d4c3b2a1f0e',
    name: 'research-lab',
    weight: 10,
    users: [{ id: '6a5b4c3d2e1f40a9b8c7d6e5f4a3b2c1', name: 'jonas' }],
  },
];

/** The cloud's service project: operators publish distribution images from it. */
export const OPERATOR_PROJECT: Project = {
  id: 'e2b7c4f1a0d94c3e8b6f5a4d3c2b1a09',
  name: 'admin',
  weight: 0,
  users: [{ id: '1f2e3d4c5b6a47980a1b2c3d4e5f6a7b', name: 'admin' }],
};

/** Nova records the caller's roles on a snapshot (`boot_roles`). */
export const BOOT_ROLES: readonly string[] = [
  'member,reader',
  'reader,member,load-balancer_member',
  'admin,member,reader',
];
