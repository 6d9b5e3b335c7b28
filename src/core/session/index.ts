export * from './host';
export * from './session';
export { MemoryFileSystem, MemoryHost, MemoryLogger } from './memoryHost';
