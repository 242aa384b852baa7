/**
 * Nova's image metadata controller (nova/api/openstack/compute/image_metadata.py, behaviour spec
 * §9.4–§9.9): read the image through Nova's Glance proxy, change its properties, check Nova's
 * quota, write them back with `purge_props=True`. Glance's refusals pass through as GlanceErrors.
 */
import type { Caller, ImageProperties } from '../types.ts';
import { invalidMetadataKey, metadataKeyNotFound } from './faults.ts';
import type { NovaGlance } from './glance.ts';
import type { MetadataQuota } from './quota.ts';
import { novaMetadata } from './views.ts';

export interface MetadataContext {
  glance: NovaGlance;
  quota: MetadataQuota;
}

/** `index`: every property (a copy), as Nova reads them from Glance. */
export function listMetadata(
  { glance }: MetadataContext,
  caller: Caller,
  id: string,
): Record<string, unknown> {
  return imageProperties(glance, caller, id);
}

/** `show`: one value; an absent key is a bare 404. */
export function showMetadataItem(
  { glance }: MetadataContext,
  caller: Caller,
  id: string,
  key: string,
): unknown {
  const properties = imageProperties(glance, caller, id);
  if (!Object.hasOwn(properties, key)) throw metadataKeyNotFound();
  return properties[key];
}

/** The image's properties as Nova's image dict holds them: `_translate_from_glance`'s (§8.2). */
function imageProperties(glance: NovaGlance, caller: Caller, id: string): Record<string, unknown> {
  return novaMetadata(glance.show(caller, id).properties);
}

/** `create` (POST): merge; the quota counts the merged set; returns the properties as stored. */
export function mergeMetadata(
  { glance, quota }: MetadataContext,
  caller: Caller,
  id: string,
  metadata: Readonly<ImageProperties>,
): Record<string, unknown> {
  const properties = imageProperties(glance, caller, id);
  for (const [key, value] of Object.entries(metadata)) properties[key] = value;
  quota.check(properties);
  return glance.update(caller, id, properties);
}

/** `update_all` (PUT): the quota counts the request alone; every other property goes. */
export function replaceMetadata(
  { glance, quota }: MetadataContext,
  caller: Caller,
  id: string,
  metadata: Readonly<ImageProperties>,
): void {
  glance.show(caller, id);
  quota.check(metadata);
  glance.update(caller, id, metadata);
}

/** `update` (PUT key): create or overwrite one key; the quota counts the resulting set. */
export function setMetadataItem(
  { glance, quota }: MetadataContext,
  caller: Caller,
  id: string,
  key: string,
  value: string | null,
): void {
  const properties = imageProperties(glance, caller, id);
  properties[key] = value;
  quota.check(properties);
  glance.update(caller, id, properties);
}

/** `delete`: the key must exist ("Invalid metadata key"); no quota check. */
export function deleteMetadataItem(
  { glance }: MetadataContext,
  caller: Caller,
  id: string,
  key: string,
): void {
  const properties = imageProperties(glance, caller, id);
  if (!Object.hasOwn(properties, key)) throw invalidMetadataKey();
  delete properties[key];
  glance.update(caller, id, properties);
}
