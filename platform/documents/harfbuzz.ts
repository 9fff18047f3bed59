import { readFileSync } from 'node:fs';

/**
 * HarfBuzz, from the WebAssembly build the harfbuzzjs package ships. Its JavaScript entry is an
 * ES module that awaits the WebAssembly at the top level, which a CommonJS build (this service's)
 * cannot require(); the few calls shaping needs are bound here instead, to the same binary.
 */

/** One shaped glyph: its id in the font, the UTF-16 offset of the text it shows, placement in font units. */
export interface ShapedGlyph {
  id: number;
  cluster: number;
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
}

/** The parts of the WebAssembly API used here; the Node type definitions in use do not declare it. */
interface WasmMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface WasmRuntime {
  Module: new (binary: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: object };
}

const { WebAssembly: wasm } = globalThis as unknown as { WebAssembly: WasmRuntime };

interface HarfBuzzExports {
  memory: WasmMemory;
  __wasm_call_ctors(): void;
  malloc(size: number): number;
  free(pointer: number): void;
  hb_blob_create(data: number, length: number, mode: number, userData: number, destroy: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_font_create(face: number): number;
  hb_buffer_create(): number;
  hb_buffer_clear_contents(buffer: number): void;
  hb_buffer_add_utf16(buffer: number, text: number, length: number, offset: number, itemLength: number): void;
  hb_buffer_guess_segment_properties(buffer: number): void;
  hb_shape(font: number, buffer: number, features: number, featureCount: number): void;
  hb_buffer_get_length(buffer: number): number;
  hb_buffer_get_glyph_infos(buffer: number, length: number): number;
  hb_buffer_get_glyph_positions(buffer: number, length: number): number;
}

const HB_MEMORY_MODE_READONLY = 1;
/** hb_glyph_info_t and hb_glyph_position_t are both five 32-bit words. */
const RECORD_WORDS = 5;
const WASM_PAGE = 65_536;

let instance: HarfBuzzExports | null = null;

function harfBuzz(): HarfBuzzExports {
  if (instance) return instance;
  const binary = readFileSync(require.resolve('harfbuzzjs/dist/harfbuzz.wasm'));
  let memory: WasmMemory | null = null;
  const unsupported = (name: string) => () => {
    throw new Error(`HarfBuzz called ${name}, which shaping never needs`);
  };
  const exports = new wasm.Instance(new wasm.Module(binary), {
    env: {
      emscripten_resize_heap: (requested: number) => {
        const missing = (requested >>> 0) - memory!.buffer.byteLength;
        try {
          memory!.grow(Math.ceil(missing / WASM_PAGE));
          return 1;
        } catch {
          return 0;
        }
      },
      _abort_js: unsupported('abort'),
      _setitimer_js: unsupported('setitimer'),
      _emscripten_runtime_keepalive_clear: () => undefined,
    },
    wasi_snapshot_preview1: { proc_exit: unsupported('proc_exit') },
  }).exports as unknown as HarfBuzzExports;
  memory = exports.memory;
  exports.__wasm_call_ctors();
  instance = exports;
  return exports;
}

/** Bengali letters, signs and matras. */
const BENGALI = /[\u0980-\u09ff]/;
/** Spaces, punctuation (the dandas too), symbols, digits, marks and joiners belong to no one script. */
const NEUTRAL = /[\s\p{P}\p{S}\p{N}\p{M}\p{Cf}]/u;

/**
 * Splits text where it changes between Bengali and other letters: HarfBuzz takes a run's
 * script from its first letter, so a word like "Plan/সাবস্ক্রিপশন" is shaped in two runs.
 * Digits, punctuation and spaces stay with the run they are in.
 */
export function scriptRuns(text: string): Array<{ start: number; end: number }> {
  const runs: Array<{ start: number; end: number }> = [];
  let start = 0;
  let current: boolean | null = null;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (NEUTRAL.test(char) && !BENGALI.test(char)) continue;
    const bengali = BENGALI.test(char);
    if (current !== null && bengali !== current) {
      runs.push({ start, end: index });
      start = index;
    }
    current = bengali;
  }
  if (start < text.length) runs.push({ start, end: text.length });
  return runs;
}

/** A font loaded into HarfBuzz once; shaping is synchronous and reuses one buffer. */
export class HarfBuzzFont {
  private readonly font: number;
  private readonly buffer: number;

  constructor(fontBytes: Uint8Array) {
    const hb = harfBuzz();
    // The font's bytes stay in HarfBuzz's memory for the life of the process, as the font does.
    const data = hb.malloc(fontBytes.byteLength);
    new Uint8Array(hb.memory.buffer).set(fontBytes, data);
    const blob = hb.hb_blob_create(data, fontBytes.byteLength, HB_MEMORY_MODE_READONLY, 0, 0);
    this.font = hb.hb_font_create(hb.hb_face_create(blob, 0));
    this.buffer = hb.hb_buffer_create();
  }

  /** Glyphs in visual order, positioned in font units; clusters index into `text`. */
  shape(text: string): ShapedGlyph[] {
    return scriptRuns(text).flatMap(({ start, end }) => this.shapeRun(text, start, end));
  }

  private shapeRun(text: string, start: number, end: number): ShapedGlyph[] {
    const hb = harfBuzz();
    const units = text.length;
    const pointer = hb.malloc(units * 2);
    try {
      new Uint16Array(hb.memory.buffer, pointer, units).set(
        Array.from({ length: units }, (_, index) => text.charCodeAt(index)),
      );
      hb.hb_buffer_clear_contents(this.buffer);
      // The whole text goes in as context, so shaping at a run's edges sees its neighbours.
      hb.hb_buffer_add_utf16(this.buffer, pointer, units, start, end - start);
      hb.hb_buffer_guess_segment_properties(this.buffer);
      hb.hb_shape(this.font, this.buffer, 0, 0);
      const count = hb.hb_buffer_get_length(this.buffer);
      const infos = new Uint32Array(
        hb.memory.buffer,
        hb.hb_buffer_get_glyph_infos(this.buffer, 0),
        count * RECORD_WORDS,
      );
      const positions = new Int32Array(
        hb.memory.buffer,
        hb.hb_buffer_get_glyph_positions(this.buffer, 0),
        count * RECORD_WORDS,
      );
      return Array.from({ length: count }, (_, index) => {
        const at = index * RECORD_WORDS;
        return {
          id: infos[at]!,
          cluster: infos[at + 2]!,
          xAdvance: positions[at]!,
          yAdvance: positions[at + 1]!,
          xOffset: positions[at + 2]!,
          yOffset: positions[at + 3]!,
        };
      });
    } finally {
      hb.free(pointer);
    }
  }
}
