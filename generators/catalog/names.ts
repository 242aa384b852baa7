/**
 * How people name servers, snapshots, backups and their own uploads. Placeholders:
 * {server} {date} (YYYY-MM-DD) {compact} (YYYYMMDD) {time} (HHMM) {n} (a small number)
 * {type} (backup type) {app} {version}.
 */

export const SERVER_ROLES: readonly string[] = [
  'web',
  'api',
  'db',
  'postgres',
  'mysql',
  'redis',
  'cache',
  'worker',
  'k8s-master',
  'k8s-node',
  'jenkins',
  'gitlab-runner',
  'bastion',
  'vpn',
  'monitoring',
  'grafana',
  'elastic',
  'kafka',
  'nginx',
  'haproxy',
  'mail',
  'ldap',
  'build',
  'jupyter',
  'gpu-train',
  'minio',
  'vault',
  'dns',
];

export const SERVER_ENVIRONMENTS: readonly string[] = ['', '', '', 'prod-', 'stg-', 'dev-', 'test-'];

export const SNAPSHOT_NAMES: readonly string[] = [
  '{server}-snapshot',
  '{server}-snap-{date}',
  '{server}_{compact}',
  '{server}-{compact}-{time}',
  'before-upgrade-{server}',
  '{server} pre-patch {date}',
  'snapshot of {server}',
  '{server}-golden',
  'backup-{server}',
  '{server} working state',
  '{server}-v{n}',
  'test snapshot',
  '{server}-before-{app}-upgrade',
];

/** Nova createBackup: the caller names the backup; rotation keeps the newest few. */
export const BACKUP_NAMES: readonly string[] = [
  '{server}-{type}',
  '{server}-{type}-{compact}',
  '{server} {type} backup',
];

export const BACKUP_TYPES: readonly string[] = ['daily', 'daily', 'weekly'];

/** Applications people bake into their own images. */
export const APPS: readonly string[] = [
  'nginx',
  'postgres',
  'gitlab',
  'jenkins-agent',
  'k8s-node',
  'docker-host',
  'elk',
  'prometheus',
  'keycloak',
  'nextcloud',
  'wordpress',
  'mongodb',
  'rabbitmq',
  'jupyterhub',
  'cuda-12',
  'airflow',
];

export const UPLOAD_NAMES: readonly string[] = [
  '{app}-golden-{compact}',
  '{app}-base-v{version}',
  'packer-{app}-{compact}{time}',
  '{app}-{date}',
  '{app}',
  '{app} image v{version}',
  'my-{app}',
  '{app}-hardened-{compact}',
];

/** Appliances uploaded as-is (vendor images), with realistic version strings. */
export const APPLIANCES: readonly string[] = [
  'talos-v1.8.3-amd64',
  'flatcar-stable-4081.2.0',
  'pfSense-CE-2.7.2',
  'opnsense-24.7',
  'vyos-1.4.1',
  'mikrotik-chr-7.16.1',
  'fedora-coreos-41.20241109.3.0',
  'k3os-v0.21.5',
];
