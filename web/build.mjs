// web/build.mjs OUTDIR - bundle the map page into OUTDIR for
// "hazreg serve --web OUTDIR" (which serves it at /map/...):
//   index.html            the page (GET / from a browser)
//   app.js, app.css       the page's code and style, with Leaflet, Chart.js,
//                         mgrs and proj4 bundled in (esbuild)
//   images/*.png          Leaflet's images
//   basemap.geojson       country borders from @geo-maps/countries-land-10km,
//                         cut to a box around Ukraine and rounded, so that
//                         the map needs no tile server
// Everything comes from web/src and web/node_modules (npm ci of the pinned
// package-lock.json); nothing is fetched when the page runs.
import { build } from 'esbuild';
import { copyFile, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clipBasemap, BASEMAP_BOX } from './src/basemap.js';

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2];
if (!out) {
  console.error('usage: node web/build.mjs OUTDIR');
  process.exit(2);
}
const outdir = resolve(out);

await rm(outdir, { recursive: true, force: true });
await mkdir(join(outdir, 'images'), { recursive: true });

await build({
  entryPoints: { app: join(here, 'src/main.js') },
  outdir,
  bundle: true,
  format: 'iife',
  target: ['es2020'],
  minify: true,
  legalComments: 'eof',
  loader: { '.png': 'file', '.svg': 'file' },
  assetNames: 'images/[name]',
  logLevel: 'warning',
});
// app.css comes out of main.js's CSS import (esbuild names it after the
// entry point).

const leafletImages = join(here, 'node_modules/leaflet/dist/images');
for (const f of await readdir(leafletImages)) {
  await copyFile(join(leafletImages, f), join(outdir, 'images', f));
}

await copyFile(join(here, 'src/index.html'), join(outdir, 'index.html'));

const world = JSON.parse(
  await readFile(join(here, 'node_modules/@geo-maps/countries-land-10km/map.geo.json'), 'utf8'),
);
const basemap = clipBasemap(world, BASEMAP_BOX);
const text = JSON.stringify(basemap);
await writeFile(join(outdir, 'basemap.geojson'), text);

console.log(
  `hazreg web-build: wrote ${outdir} (basemap: ${basemap.features.length} countries, ${Math.round(text.length / 1024)} KiB)`,
);
