/**
 * Tests that drive outside programs (Chromium, openstacksdk, gophercloud) skip where the program
 * is missing on a developer's machine, saying which one — but never in CI: `.ci/run` installs
 * them and sets NOVA_MOCK_REQUIRE_TOOLS=1, so a missing one fails loudly instead of skipping.
 */
export function skipWithout(tool: string, present: boolean): boolean {
  const skip = !present && process.env.NOVA_MOCK_REQUIRE_TOOLS !== '1';
  if (skip) console.warn(`skipped: needs ${tool}, which this machine lacks (.ci/run installs it)`);
  return skip;
}
