import { usePath } from '../app/router';
import { BulkInvite } from './BulkInvite';
import { DeletedUsers } from './DeletedUsers';
import { InviteWizard } from './InviteWizard';
import { NewUser } from './NewUser';
import { UserDetails } from './UserDetails';
import { UsersList } from './UsersList';

/** The Users area: list, details with tabs, the invite wizard, deleted users. */
export default function UsersArea() {
  const { segments } = usePath();
  if (segments[0] === 'deleted-users') return <DeletedUsers />;
  if (segments[1] === 'invite') return <InviteWizard />;
  if (segments[1] === 'bulk-invite') return <BulkInvite />;
  if (segments[1] === 'new') return <NewUser />;
  if (segments[1]) return <UserDetails id={segments[1]} />;
  return <UsersList />;
}
