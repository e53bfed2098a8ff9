import {
  applyDecorators,
  BadRequestException,
  Injectable,
  type PipeTransform,
} from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse } from '@nestjs/swagger';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** A path parameter naming a definition by its SHA-256: 64 lowercase hex digits, else 400. */
@Injectable()
export class ParseSha256Pipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!SHA256_HEX.test(value)) {
      throw new BadRequestException('sha256 must be 64 lowercase hexadecimal digits');
    }
    return value;
  }
}

/** OpenAPI of a read of one recorded definition named by its SHA-256 ({@link ParseSha256Pipe}). */
export function ApiDefinitionRead(notFound: string): MethodDecorator {
  return applyDecorators(
    ApiBadRequestResponse({ description: 'Not a SHA-256 (64 lowercase hex digits)' }),
    ApiNotFoundResponse({ description: notFound }),
  );
}
