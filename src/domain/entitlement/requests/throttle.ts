import { Failure } from '../../errors';
import type { BucketLimit } from '../../token-bucket';
import type { Requestor } from './model';
import type { RequestDeps } from './ports';
import { packageLimits, requestorLimits } from './request-rules';

const requestorKey = (requestor: Requestor): string => {
  switch (requestor.kind) {
    case 'user':
      return `user:${requestor.userId.toLowerCase()}`;
    case 'external':
      return `email:${requestor.email.toLowerCase()}`;
    case 'app':
      return `app:${requestor.appId}`;
    case 'system':
      return `system:${requestor.name}`;
  }
};

/**
 * Floods of self-service requests get 429, shared by every instance through the limiter: per
 * requestor (address or user), checked before anything else so malformed floods count too, and
 * per package, checked once the package is known. Administrators' requests are not limited here.
 */
export async function throttleRequestor(deps: Pick<RequestDeps, 'limiter' | 'now'>, requestor: Requestor): Promise<void> {
  await take(deps, `assignmentRequests:requestor:${requestorKey(requestor)}`, requestorLimits);
}

export async function throttlePackage(deps: Pick<RequestDeps, 'limiter' | 'now'>, accessPackageId: string): Promise<void> {
  await take(deps, `assignmentRequests:package:${accessPackageId}`, packageLimits);
}

async function take(deps: Pick<RequestDeps, 'limiter' | 'now'>, key: string, limits: readonly BucketLimit[]): Promise<void> {
  const outcome = await deps.limiter.take(key, limits, deps.now());
  if (!outcome.ok) throw new Failure('throttled', 'Too many access requests. Retry later.', { retryAfterSeconds: Math.max(1, Math.ceil(outcome.retryAfterMs / 1000)) });
}
