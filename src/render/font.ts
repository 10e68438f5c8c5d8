import { createRequire } from 'node:module';

/**
 * The only font images use: Inter (SIL Open Font License), shipped as TrueType files in @expo-google-fonts/inter.
 * The rasteriser loads these files and no system fonts, so an image is the same on every machine.
 */
export const FONT_FAMILY = 'Inter';

const require = createRequire(import.meta.url);

export const FONT_FILES: readonly string[] = [
  '@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf',
  '@expo-google-fonts/inter/600SemiBold/Inter_600SemiBold.ttf',
  '@expo-google-fonts/inter/700Bold/Inter_700Bold.ttf',
].map((f) => require.resolve(f));
