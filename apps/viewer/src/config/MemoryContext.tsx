import { createContext, useContext, type ReactNode } from 'react';
import type { MemoryConfig } from '@longview/dicomweb';

const MemoryContext = createContext<MemoryConfig | undefined>(undefined);

/** The deployment's memory bounds (config.json "memory"), for the viewports that start the renderer. */
export function MemoryProvider({ memory, children }: { memory: MemoryConfig | undefined; children: ReactNode }) {
  return <MemoryContext.Provider value={memory}>{children}</MemoryContext.Provider>;
}

/** Ceiling of decoded image bytes, or undefined for the renderer's default. */
export function useDecodedImageBytes(): number | undefined {
  return useContext(MemoryContext)?.decodedImageBytes;
}
