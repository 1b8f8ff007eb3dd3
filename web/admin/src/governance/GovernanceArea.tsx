import { usePath } from '../app/router';
import { Catalogs } from './Catalogs';
import { ConnectedOrganizations } from './ConnectedOrganizations';
import { CreatePackageWizard } from './CreatePackageWizard';
import { GovernanceSettings } from './GovernanceSettings';
import { PackageOverview } from './PackageOverview';
import { PackagesList } from './PackagesList';
import { Requests } from './Requests';

/** Identity Governance: catalogs (resources and packages), access packages (list, creation wizard, overview with the My Access link), requests, connected organizations, settings (external user lifecycle). */
export default function GovernanceArea() {
  const { segments } = usePath();
  if (segments[0] === 'requests') return <Requests id={segments[1]} />;
  if (segments[0] === 'connected-organizations') return <ConnectedOrganizations />;
  if (segments[0] === 'governance-settings') return <GovernanceSettings />;
  if (segments[0] === 'catalogs') return <Catalogs id={segments[1]} />;
  if (segments[1] === 'new') return <CreatePackageWizard />;
  if (segments[1]) return <PackageOverview id={segments[1]} />;
  return <PackagesList />;
}
