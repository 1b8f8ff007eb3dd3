/**
 * The composition root, split by area. Order matters: later modules register lifecycle hooks in
 * arrays the directory module defines, so the directory is loaded first.
 */
export * from './core';
export * from './directory';
export * from './http';
export * from './mail';
export * from './invitations';
export * from './entitlement';
export * from './operations';
