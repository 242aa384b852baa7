/**
 * Tests that drive outside programs (Chromium, openstacksdk, gophercloud) skip where the program
 * is missing on a developer's machine — but never in CI: `.ci/run` installs them and sets
 * NOVA_MOCK_REQUIRE_TOOLS=1, so a missing one fails loudly instead of skipping quietly.
 */
export function skipWithout(present: boolean): boolean {
  return !present && process.env.NOVA_MOCK_REQUIRE_TOOLS !== '1';
}
