import type { ListQuerySpec } from '../../http/odata';

/** What the request and assignment lists let clients filter and select. */

const requestStates = ['submitted', 'pendingApproval', 'delivering', 'delivered', 'deliveryFailed', 'denied', 'scheduled', 'canceled', 'partiallyDelivered'];
export const requestSpec: ListQuerySpec = {
  resource: 'AccessPackageAssignmentRequest',
  entityType: 'microsoft.graph.accessPackageAssignmentRequest',
  filterable: {
    id: { type: { kind: 'guid' }, operators: ['eq', 'in'] },
    state: { type: { kind: 'enum', values: requestStates }, operators: ['eq', 'ne', 'in'] },
    status: { type: { kind: 'string' }, operators: ['eq', 'ne'] },
    requestType: { type: { kind: 'enum', values: ['userAdd', 'userUpdate', 'userExtend', 'userRemove', 'adminAdd', 'adminUpdate', 'adminRemove', 'systemRemove'] }, operators: ['eq', 'in'] },
    'accessPackage/id': { type: { kind: 'guid' }, operators: ['eq'] },
    'assignment/target/objectId': { type: { kind: 'guid' }, operators: ['eq'] },
    'requestor/objectId': { type: { kind: 'guid' }, operators: ['eq'] },
  },
  selectable: ['id', 'requestType', 'state', 'status', 'createdDateTime', 'completedDateTime', 'justification', 'schedule', 'answers', 'requestor', 'accessPackage', 'assignment', 'reason'],
  defaultPageSize: 100,
};
export const assignmentSpec: ListQuerySpec = {
  resource: 'AccessPackageAssignment',
  entityType: 'microsoft.graph.accessPackageAssignment',
  filterable: {
    id: { type: { kind: 'string' }, operators: ['eq', 'in'] },
    state: { type: { kind: 'enum', values: ['delivering', 'partiallyDelivered', 'delivered', 'expired', 'deliveryFailed'] }, operators: ['eq', 'ne', 'in'] },
    'accessPackage/id': { type: { kind: 'guid' }, operators: ['eq'] },
    'assignmentPolicy/id': { type: { kind: 'guid' }, operators: ['eq'] },
    'target/objectId': { type: { kind: 'guid' }, operators: ['eq'] },
  },
  selectable: ['id', 'state', 'status', 'expiredDateTime', 'schedule', 'target', 'accessPackage', 'assignmentPolicy', 'catalog'],
  defaultPageSize: 100,
};

