import { UpstreamSettingsDto } from '../../federation/spec/upstream.dto.js';
import { ExpectedRevision } from '../common/update-access-policy.dto.js';

/** `PATCH /admin/api/upstreams/{name}`: replaces the given fields (headers and auth whole). */
export class UpdateUpstreamDto extends UpstreamSettingsDto {
  @ExpectedRevision()
  expectedRevision?: number;
}
