import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';

type SchemaEngineClass = typeof SchemaEngine;
let engineClass: Promise<SchemaEngineClass> | undefined;

/**
 * Instantiates Prisma's schema engine from its WebAssembly build, so migrations need no native binary
 * (which the Prisma CLI would try to download).
 */
export function loadSchemaEngineClass(): Promise<SchemaEngineClass> {
  engineClass ??= (async () => {
    installPanicRegistry();
    const require = createRequire(import.meta.url);
    const runtimePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const runtime = await import('@prisma/schema-engine-wasm/schema_engine_bg');
    const bytes = await readFile(runtimePath.replace(/schema_engine_bg\.js$/, 'schema_engine_bg.wasm'));
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
      './schema_engine_bg.js': runtime as unknown as WebAssembly.ModuleImports,
    });
    const exports = instance.exports as Record<string, unknown>;
    (runtime as unknown as { __wbg_set_wasm(e: unknown): void }).__wbg_set_wasm(exports);
    (exports['__wbindgen_start'] as () => void)();
    return (runtime as unknown as { SchemaEngine: SchemaEngineClass }).SchemaEngine;
  })();
  return engineClass;
}

let lastPanic: string | undefined;

/** The engine reports a Rust panic's message through this global before it throws. */
function installPanicRegistry(): void {
  (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown }).PRISMA_WASM_PANIC_REGISTRY = {
    set_message(message: string) {
      lastPanic = message;
    },
  };
}

export function takeLastPanic(): string | undefined {
  const message = lastPanic;
  lastPanic = undefined;
  return message;
}
