import { z } from 'zod';

/** Graph's directoryRole as `/me/memberOf/microsoft.graph.directoryRole` returns it (the console reads this type). */
export const directoryRoleWire = z.object({
  '@odata.type': z.literal('#microsoft.graph.directoryRole'),
  id: z.string(),
  displayName: z.string(),
  description: z.string(),
  roleTemplateId: z.string(),
});

export type DirectoryRoleWire = z.infer<typeof directoryRoleWire>;
