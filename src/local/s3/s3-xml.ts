// Pure builders for S3's XML responses, and parsers for the XML request bodies S3 takes.

import { LOCAL_ACCOUNT_ID } from '../account.js';
import { childText, parseXml, xmlDocument, type XmlNode } from '../protocol/xml.js';
import type { ListEntry } from './listing.js';
import type { BucketInfo, MultipartUpload, ObjectMeta, PartSummary } from './s3-records.js';

export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';
const OWNER: XmlNode[] = [
  ['ID', LOCAL_ACCOUNT_ID],
  ['DisplayName', 'local'],
];

export function listBucketsXml(buckets: readonly BucketInfo[]): string {
  return xmlDocument('ListAllMyBucketsResult', S3_NAMESPACE, [
    ['Owner', OWNER],
    [
      'Buckets',
      buckets.map((b): XmlNode => [
        'Bucket',
        [
          ['Name', b.name],
          ['CreationDate', b.created],
        ],
      ]),
    ],
  ]);
}

export interface ListObjectsXmlInput {
  readonly bucket: string;
  readonly version: 1 | 2;
  readonly prefix: string;
  readonly delimiter: string | undefined;
  readonly maxKeys: number;
  readonly entries: readonly ListEntry[];
  readonly isTruncated: boolean;
  readonly lookup: (key: string) => ObjectMeta | undefined;
  /** `url` when the client asked for encoding-type=url: names are then percent-encoded. */
  readonly encodingType: string | undefined;
  readonly continuationToken?: string | undefined;
  readonly nextContinuationToken?: string | undefined;
  readonly startAfter?: string | undefined;
  readonly marker?: string | undefined;
  readonly nextMarker?: string | undefined;
}

function encoder(encodingType: string | undefined): (name: string) => string {
  return encodingType === 'url' ? (name) => encodeURIComponent(name).replace(/%2F/g, '/') : (name) => name;
}

function objectNodes(meta: ObjectMeta, encode: (name: string) => string): XmlNode[] {
  return [
    ['Key', encode(meta.key)],
    ['LastModified', meta.lastModified],
    ['ETag', meta.etag],
    ['Size', meta.size],
    ['StorageClass', 'STANDARD'],
  ];
}

function commonPrefixNodes(entries: readonly ListEntry[], encode: (name: string) => string): XmlNode[] {
  return entries.flatMap((e): XmlNode[] => (e.kind === 'prefix' ? [['CommonPrefixes', [['Prefix', encode(e.prefix)]]]] : []));
}

export function listObjectsXml(input: ListObjectsXmlInput): string {
  const encode = encoder(input.encodingType);
  const contents = input.entries.flatMap((e): XmlNode[] => {
    if (e.kind !== 'key') return [];
    const meta = input.lookup(e.key);
    const owner: XmlNode[] = input.version === 1 ? [['Owner', OWNER]] : [];
    return meta ? [['Contents', [...objectNodes(meta, encode), ...owner]]] : [];
  });
  const head: XmlNode[] = [
    ['Name', input.bucket],
    ['Prefix', encode(input.prefix)],
    ['Delimiter', input.delimiter === undefined ? undefined : encode(input.delimiter)],
    ['MaxKeys', input.maxKeys],
    ['EncodingType', input.encodingType],
    ['IsTruncated', input.isTruncated],
  ];
  const paging: XmlNode[] =
    input.version === 2
      ? [
          ['KeyCount', input.entries.length],
          ['ContinuationToken', input.continuationToken],
          ['NextContinuationToken', input.nextContinuationToken],
          ['StartAfter', input.startAfter === undefined ? undefined : encode(input.startAfter)],
        ]
      : [
          ['Marker', encode(input.marker ?? '')],
          ['NextMarker', input.nextMarker === undefined ? undefined : encode(input.nextMarker)],
        ];
  return xmlDocument('ListBucketResult', S3_NAMESPACE, [...head, ...paging, ...contents, ...commonPrefixNodes(input.entries, encode)]);
}

export interface ListVersionsXmlInput {
  readonly bucket: string;
  readonly prefix: string;
  readonly delimiter: string | undefined;
  readonly maxKeys: number;
  readonly keyMarker: string | undefined;
  readonly entries: readonly ListEntry[];
  readonly isTruncated: boolean;
  readonly nextKeyMarker: string | undefined;
  readonly lookup: (key: string) => ObjectMeta | undefined;
  readonly encodingType: string | undefined;
}

/** Unversioned buckets: every object is its own latest version, id "null". */
export function listVersionsXml(input: ListVersionsXmlInput): string {
  const encode = encoder(input.encodingType);
  const versions = input.entries.flatMap((e): XmlNode[] => {
    if (e.kind !== 'key') return [];
    const meta = input.lookup(e.key);
    if (!meta) return [];
    return [
      [
        'Version',
        [
          ['Key', encode(meta.key)],
          ['VersionId', 'null'],
          ['IsLatest', true],
          ['LastModified', meta.lastModified],
          ['ETag', meta.etag],
          ['Size', meta.size],
          ['StorageClass', 'STANDARD'],
          ['Owner', OWNER],
        ],
      ],
    ];
  });
  return xmlDocument('ListVersionsResult', S3_NAMESPACE, [
    ['Name', input.bucket],
    ['Prefix', encode(input.prefix)],
    ['KeyMarker', encode(input.keyMarker ?? '')],
    ['VersionIdMarker', ''],
    ['NextKeyMarker', input.nextKeyMarker === undefined ? undefined : encode(input.nextKeyMarker)],
    ['NextVersionIdMarker', input.nextKeyMarker === undefined ? undefined : 'null'],
    ['MaxKeys', input.maxKeys],
    ['Delimiter', input.delimiter === undefined ? undefined : encode(input.delimiter)],
    ['EncodingType', input.encodingType],
    ['IsTruncated', input.isTruncated],
    ...versions,
    ...commonPrefixNodes(input.entries, encode),
  ]);
}

export function copyObjectXml(meta: ObjectMeta): string {
  return xmlDocument('CopyObjectResult', S3_NAMESPACE, [
    ['LastModified', meta.lastModified],
    ['ETag', meta.etag],
  ]);
}

export function initiateMultipartXml(bucket: string, key: string, uploadId: string): string {
  return xmlDocument('InitiateMultipartUploadResult', S3_NAMESPACE, [
    ['Bucket', bucket],
    ['Key', key],
    ['UploadId', uploadId],
  ]);
}

export function completeMultipartXml(location: string, bucket: string, key: string, etag: string): string {
  return xmlDocument('CompleteMultipartUploadResult', S3_NAMESPACE, [
    ['Location', location],
    ['Bucket', bucket],
    ['Key', key],
    ['ETag', etag],
  ]);
}

export interface ListPartsXmlInput {
  readonly upload: MultipartUpload;
  readonly partNumberMarker: number;
  readonly maxParts: number;
  readonly parts: readonly PartSummary[];
  readonly isTruncated: boolean;
}

export function listPartsXml(input: ListPartsXmlInput): string {
  const { upload, parts } = input;
  const last = parts.at(-1);
  return xmlDocument('ListPartsResult', S3_NAMESPACE, [
    ['Bucket', upload.bucket],
    ['Key', upload.key],
    ['UploadId', upload.uploadId],
    ['Initiator', OWNER],
    ['Owner', OWNER],
    ['StorageClass', 'STANDARD'],
    ['PartNumberMarker', input.partNumberMarker],
    ['NextPartNumberMarker', last === undefined ? undefined : last.partNumber],
    ['MaxParts', input.maxParts],
    ['IsTruncated', input.isTruncated],
    ...parts.map((part): XmlNode => [
      'Part',
      [
        ['PartNumber', part.partNumber],
        ['LastModified', part.lastModified],
        ['ETag', part.etag],
        ['Size', part.size],
      ],
    ]),
  ]);
}

export interface DeleteOutcome {
  readonly key: string;
  readonly error?: { readonly code: string; readonly message: string };
}

export function deleteResultXml(outcomes: readonly DeleteOutcome[], quiet: boolean): string {
  const nodes = outcomes.flatMap((o): XmlNode[] => {
    if (o.error)
      return [
        [
          'Error',
          [
            ['Key', o.key],
            ['Code', o.error.code],
            ['Message', o.error.message],
          ],
        ],
      ];
    return quiet ? [] : [['Deleted', [['Key', o.key]]]];
  });
  return xmlDocument('DeleteResult', S3_NAMESPACE, nodes);
}

export function locationXml(region: string): string {
  // us-east-1 is reported as an empty constraint, as S3 does.
  return xmlDocument('LocationConstraint', S3_NAMESPACE, []).replace(
    '</LocationConstraint>',
    `${region === 'us-east-1' ? '' : region}</LocationConstraint>`,
  );
}

/** A parsed element with children (an empty one parses to '', text to a string). */
function isElement(node: unknown): node is Record<string, unknown> {
  return typeof node === 'object' && node !== null && !Array.isArray(node);
}

/** The occurrences of an element parsed as repeatable: none when it is absent. */
function repeated(children: unknown): readonly unknown[] {
  return Array.isArray(children) ? children : [];
}

export interface DeleteRequest {
  readonly quiet: boolean;
  readonly keys: readonly string[];
}

/** `<Delete><Quiet>true</Quiet><Object><Key>k</Key></Object>...</Delete>`; throws when malformed. */
export function parseDeleteRequest(xml: string): DeleteRequest {
  const root = parseXml(xml, ['Object']).Delete;
  if (!isElement(root)) throw new Error('missing <Delete>');
  const keys = repeated(root.Object).map((o) => {
    const key = childText(o, 'Key');
    if (key === undefined) throw new Error('<Object> without <Key>');
    return key;
  });
  return { quiet: childText(root, 'Quiet') === 'true', keys };
}

export interface CompletedPart {
  readonly partNumber: number;
  readonly etag: string;
}

/** `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"..."</ETag></Part>...`; throws when malformed. */
export function parseCompleteMultipart(xml: string): CompletedPart[] {
  const root = parseXml(xml, ['Part']).CompleteMultipartUpload;
  if (!isElement(root)) throw new Error('missing <CompleteMultipartUpload>');
  return repeated(root.Part).map((p) => {
    const partNumber = Number(childText(p, 'PartNumber'));
    const etag = childText(p, 'ETag');
    if (!Number.isInteger(partNumber) || etag === undefined) throw new Error('<Part> needs PartNumber and ETag');
    return { partNumber, etag: etag.startsWith('"') ? etag : `"${etag}"` };
  });
}

/** The `<Status>` of a VersioningConfiguration body; throws when malformed. */
export function parseVersioningStatus(xml: string): string | undefined {
  const parsed = parseXml(xml);
  return childText(parsed.VersioningConfiguration, 'Status');
}
