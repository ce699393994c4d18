import { dirname, join } from 'node:path';
import { projectRoot } from '@probity/i18n';

export function viewsDir(): string {
  return join(projectRoot(), 'apps', 'server', 'views');
}

export function assetsDir(): string {
  return join(projectRoot(), 'libs', 'web', 'assets');
}

/** The Noto fonts that npm installs; Probity serves them itself (no CDN, works offline). */
export function fontFiles(): Record<string, string> {
  const font = (pkg: string, file: string): string => join(dirname(require.resolve(`${pkg}/package.json`)), file);
  return {
    'noto-sans-400.ttf': font('@expo-google-fonts/noto-sans', '400Regular/NotoSans_400Regular.ttf'),
    'noto-sans-700.ttf': font('@expo-google-fonts/noto-sans', '700Bold/NotoSans_700Bold.ttf'),
    'noto-sans-georgian-400.ttf': font('@expo-google-fonts/noto-sans-georgian', '400Regular/NotoSansGeorgian_400Regular.ttf'),
    'noto-sans-georgian-700.ttf': font('@expo-google-fonts/noto-sans-georgian', '700Bold/NotoSansGeorgian_700Bold.ttf'),
    'noto-nastaliq-urdu-400.ttf': font('@expo-google-fonts/noto-nastaliq-urdu', '400Regular/NotoNastaliqUrdu_400Regular.ttf'),
    'noto-nastaliq-urdu-700.ttf': font('@expo-google-fonts/noto-nastaliq-urdu', '700Bold/NotoNastaliqUrdu_700Bold.ttf'),
  };
}
