import type { AuditLog } from '../audit';
import type { Application } from './application';
import type { Page } from './ports';

/** Port: app registrations; `appId` is unique. Deleted ones stay (with `deletedAt`) until purged. */
export interface ApplicationRepository {
  /** A live application by object id (`deleted: true` reads the recycle bin instead). */
  get(id: string, options?: { deleted?: boolean }): Promise<{ value: Application; etag: string } | undefined>;
  /** A live application by its client id. */
  findByAppId(appId: string): Promise<Application | undefined>;
  /** A live application by one of its `identifierUris` (unique in the directory, as Entra keeps them). */
  findByIdentifierUri(uri: string): Promise<Application | undefined>;
  /** Creates the application; `conflict` when its appId or an identifier URI is taken. */
  create(app: Application): Promise<void>;
  /** Replaces the row if it still has `etag` (else `preconditionFailed`). */
  update(app: Application, etag: string): Promise<void>;
  /** Removes the application and its appId reservation for good. */
  purge(app: Application): Promise<void>;
  list(options: { deleted: boolean; top: number; continuationToken?: string | undefined }): Promise<Page<Application>>;
}

/** What the app registration use cases need. */
export interface ApplicationRegistrationDeps {
  applications: ApplicationRepository;
  audit: AuditLog;
  now(): Date;
  newId(): string;
  randomBytes(size: number): Uint8Array;
}
