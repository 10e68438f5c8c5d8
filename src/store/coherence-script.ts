/**
 * Lua guard for scripts whose arguments were computed from cached settings (store/settings.ts): the streak day,
 * the board periods, the points and the freeze allowance. If the community's settings version, or the user's own
 * time zone, is not what the caller computed with, the script writes nothing and returns {'stale'}; the caller
 * drops its cached copies and tries again. An empty version argument skips the check.
 */
export function staleGuard(settingsKey: string, versionArg: string, zone?: { userKey: string; arg: string }): string {
  const zoneDiffers = zone ? ` or (redis.call('HGET', ${zone.userKey}, 'tz') or '') ~= ${zone.arg}` : '';
  return `if ${versionArg} and ${versionArg} ~= '' and ((redis.call('HGET', ${settingsKey}, 'v') or '0') ~= ${versionArg}${zoneDiffers}) then return {'stale'} end`;
}
