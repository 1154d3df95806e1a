// The page's state in its address, so that a link opens the same view: the plan (a saved
// plan's id as `plan=`, or a plan typed or pasted here as `p=`: its JSON compressed with
// deflate and written in base64url), the language, the tab (the fragment), and whatever
// the panels keep (sliders, the uncertainty band, comparison options, the map's measure).

/** Bytes → base64url without padding (RFC 4648 §5). */
function base64url(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64url(text) {
  const padded = text.replaceAll('-', '+').replaceAll('_', '/') + '==='.slice((text.length + 3) % 4);
  const binary = atob(padded);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

async function pipe(bytes, stream) {
  const response = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await response.arrayBuffer());
}

/** Drop nulls, empty lists and empty objects: the service fills in the same defaults. */
export function compact(value) {
  if (Array.isArray(value)) return value.map(compact);
  if (value && typeof value === 'object') {
    const out = {};
    for (const [key, v] of Object.entries(value)) {
      const kept = compact(v);
      if (kept === null || kept === undefined) continue;
      if (Array.isArray(kept) && !kept.length) continue;
      if (typeof kept === 'object' && !Array.isArray(kept) && !Object.keys(kept).length) continue;
      out[key] = kept;
    }
    return out;
  }
  return value;
}

/** A plan as a URL-safe string: deflate (zlib) of its JSON, in base64url. */
export async function encodePlan(plan) {
  const json = new TextEncoder().encode(JSON.stringify(compact(plan)));
  return base64url(await pipe(json, new CompressionStream('deflate')));
}

/** The plan of `encodePlan`; throws on a damaged link. */
export async function decodePlan(text) {
  const bytes = await pipe(fromBase64url(text), new DecompressionStream('deflate'));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/** The query of the address as it is now. */
export function readParams() {
  return new URLSearchParams(window.location.search);
}

/** Replace the address (no new history entry) with `params` and the tab as its fragment. */
export function writeParams(params, tab) {
  const query = params.toString();
  window.history.replaceState(null, '', `${window.location.pathname}${query ? `?${query}` : ''}#${tab}`);
}

/** A number from the address, if it is one within [min, max]; otherwise `fallback`. */
export function numberParam(params, name, { min = -Infinity, max = Infinity, fallback = null } = {}) {
  const raw = params.get(name);
  if (raw === null || raw.trim() === '') return fallback;
  const value = Number(raw);
  return Number.isFinite(value) && value >= min && value <= max ? value : fallback;
}
