import { usePath } from '../app/router';
import { CreatePackageWizard } from './CreatePackageWizard';
import { PackageOverview } from './PackageOverview';
import { PackagesList } from './PackagesList';

/** Identity Governance: access packages (list, creation wizard, overview with the My Access link). */
export default function GovernanceArea() {
  const { segments } = usePath();
  if (segments[1] === 'new') return <CreatePackageWizard />;
  if (segments[1]) return <PackageOverview id={segments[1]} />;
  return <PackagesList />;
}
