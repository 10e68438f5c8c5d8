import { describe, expect, it } from 'vitest';
import { DEFAULT_GAME_SETTINGS, gameSettingsFrom, checkPointsPatch } from '../../src/domain/game-settings.js';

describe('game settings as stored', () => {
  it('fall back to the defaults for anything missing or unreadable', () => {
    expect(gameSettingsFrom({})).toEqual(DEFAULT_GAME_SETTINGS);
    expect(gameSettingsFrom({ 'points:easy': '5', 'points:hard': 'lots', 'points:medium': '-3', channelHints: '0', freezeCap: '99' }))
      .toEqual({ points: { easy: 5, medium: 20, hard: 30 }, channelHints: false, freezeCap: 2 });
  });

  it('check a points change value by value', () => {
    expect(checkPointsPatch({ easy: 0, hard: 1000 })).toEqual({ ok: true, value: { easy: 0, hard: 1000 } });
    expect(checkPointsPatch({ easy: Number.NaN })).toMatchObject({ ok: false });
  });
});
