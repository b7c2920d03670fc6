import { Duration } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** The folder of the deliveries bucket the CDN serves: the published videos' files, `public/<token>/…`. */
export const PUBLIC_FOLDER = 'public/';

/**
 * The longest an edge keeps a public file (seconds), whatever its own Cache-Control says (the app
 * sets `max-age=10` on playlists and captions, `max-age=300` on the rest: shared/delivery/publications.ts).
 * These caps are what bound a withdrawal at the edge: a withdrawn video's playlists stop answering
 * within `playlists` seconds; a segment an edge already holds may still be served for up to
 * `media` seconds to someone who kept its URL (the token is random and no playlist names it any more).
 */
export const PUBLIC_CACHE_SECONDS = { playlists: 10, media: 300 } as const;

export interface PublicMediaDistributionProps {
  /** The deliveries bucket (private: BlockPublicAccess ALL). */
  bucket: s3.Bucket;
}

/**
 * The CDN of the watch pages: CloudFront in front of the deliveries bucket, serving only its
 * public folder. The page itself comes from the api function; the player fetches
 * `https://<domain>/public/<token>/hls/master.m3u8` and what it names from here
 * (`REPORTAGE_PUBLIC_MEDIA_URL`).
 *
 * - Origin access control (SigV4, always signed); the bucket stays private. Its policy lets
 *   `cloudfront.amazonaws.com` GetObject on `public/*` only, and only for this distribution
 *   (`AWS:SourceArn`); no ListBucket, so a missing key answers 403, never a listing. CDK's
 *   `S3BucketOrigin.withOriginAccessControl` would grant the whole bucket (`<bucket>/*`, which holds
 *   every delivery), so the origin here writes no policy and the construct adds the scoped one.
 * - Behaviours: `public/*.m3u8` and `public/*.vtt` (compressed, edge TTL capped at
 *   `PUBLIC_CACHE_SECONDS.playlists`), `public/*` (segments, poster, MP4: capped at
 *   `PUBLIC_CACHE_SECONDS.media`), and a default behaviour whose viewer-request function answers
 *   404 to every other path before the bucket is asked.
 * - CORS for any origin (GET/HEAD; hls.js fetches, `<video crossorigin>` reads captions); Range
 *   requests pass to S3. HTTPS only (HTTP redirects), HTTP/2 and 3, price class 200 (Asia, Vietnam
 *   included).
 *
 * It lives in the stateful stack beside its bucket: the bucket policy names the distribution and
 * the distribution names the bucket, which in one stack are two resources and no cycle, while across
 * the two stacks each would import from the other. The api function only needs the domain name, a
 * reference from the stateful stack to the stateless one like the buckets'.
 */
export class PublicMediaDistribution extends Construct {
  readonly distribution: cloudfront.Distribution;
  /** `https://<distribution domain>`: the api's `REPORTAGE_PUBLIC_MEDIA_URL`. */
  readonly url: string;

  constructor(scope: Construct, id: string, { bucket }: PublicMediaDistributionProps) {
    super(scope, id);
    const accessControl = new cloudfront.S3OriginAccessControl(this, 'AccessControl', {
      description: 'reportage: CloudFront reads the public folder of the deliveries bucket',
      signing: cloudfront.Signing.SIGV4_ALWAYS,
    });
    const origin = signedBucketOrigin({ bucket, accessControl });
    const cors = publicCorsPolicy(this);
    const shared = {
      origin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
      responseHeadersPolicy: cors,
    };
    const playlists: cloudfront.BehaviorOptions = {
      ...shared,
      compress: true,
      cachePolicy: cappedCachePolicy({ scope: this, id: 'PlaylistsCache', seconds: PUBLIC_CACHE_SECONDS.playlists, compressed: true }),
    };
    const media: cloudfront.BehaviorOptions = {
      ...shared,
      // Segments, JPEG and MP4 do not compress; CloudFront would not try these types anyway.
      compress: false,
      cachePolicy: cappedCachePolicy({ scope: this, id: 'MediaCache', seconds: PUBLIC_CACHE_SECONDS.media, compressed: false }),
    };
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'reportage: published videos (public/ of the deliveries bucket)',
      defaultBehavior: {
        ...shared,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        functionAssociations: [{ function: notPublicFunction(this), eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      },
      // Evaluated in this order: the playlists' patterns before the folder's.
      additionalBehaviors: {
        [`${PUBLIC_FOLDER}*.m3u8`]: playlists,
        [`${PUBLIC_FOLDER}*.vtt`]: playlists,
        [`${PUBLIC_FOLDER}*`]: media,
      },
      priceClass: cloudfront.PriceClass.PRICE_CLASS_200,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableIpv6: true,
      // S3 answers a missing (withdrawn) key 403: the edge remembers that no longer than a playlist.
      errorResponses: [403, 404].map((httpStatus) => ({ httpStatus, ttl: Duration.seconds(PUBLIC_CACHE_SECONDS.playlists) })),
    });
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudFrontReadsPublicFolder',
        principals: [new iam.ServicePrincipal('cloudfront.amazonaws.com')],
        actions: ['s3:GetObject'],
        resources: [bucket.arnForObjects(`${PUBLIC_FOLDER}*`)],
        conditions: { StringEquals: { 'AWS:SourceArn': this.distribution.distributionArn } },
      }),
    );
    this.url = `https://${this.distribution.distributionDomainName}`;
  }
}

/**
 * An S3 origin whose requests `accessControl` signs, without the bucket policy that
 * `S3BucketOrigin.withOriginAccessControl` writes (it grants CloudFront every object of the bucket).
 */
function signedBucketOrigin({ bucket, accessControl }: { bucket: s3.IBucket; accessControl: cloudfront.IOriginAccessControl }): cloudfront.IOrigin {
  const plain = origins.S3BucketOrigin.withBucketDefaults(bucket);
  return {
    bind(scope, options) {
      const config = plain.bind(scope, options);
      if (config.originProperty === undefined) throw new Error('The S3 origin gave no origin property to sign.');
      return { ...config, originProperty: { ...config.originProperty, originAccessControlId: accessControl.originAccessControlId } };
    },
  };
}

/**
 * Edge TTL at most `seconds`: the object's own Cache-Control within [0, seconds], `seconds` when it
 * has none. Nothing of the request is in the cache key (no query string, header or cookie): the
 * token in the path is the only thing that names a file.
 */
function cappedCachePolicy({ scope, id, seconds, compressed }: { scope: Construct; id: string; seconds: number; compressed: boolean }): cloudfront.CachePolicy {
  return new cloudfront.CachePolicy(scope, id, {
    comment: `reportage public files: at most ${seconds} s at the edge`,
    minTtl: Duration.seconds(0),
    defaultTtl: Duration.seconds(seconds),
    maxTtl: Duration.seconds(seconds),
    queryStringBehavior: cloudfront.CacheQueryStringBehavior.none(),
    headerBehavior: cloudfront.CacheHeaderBehavior.none(),
    cookieBehavior: cloudfront.CacheCookieBehavior.none(),
    enableAcceptEncodingGzip: compressed,
    enableAcceptEncodingBrotli: compressed,
  });
}

/**
 * CORS for the watch pages, whatever site embeds them: any origin may GET/HEAD (no credentials),
 * the edge adds the headers to every answer (S3 has no CORS rule for this bucket); `nosniff` too.
 */
function publicCorsPolicy(scope: Construct): cloudfront.ResponseHeadersPolicy {
  return new cloudfront.ResponseHeadersPolicy(scope, 'Cors', {
    comment: 'reportage public files: readable by the watch pages of any site',
    corsBehavior: {
      accessControlAllowOrigins: ['*'],
      accessControlAllowMethods: ['GET', 'HEAD'],
      accessControlAllowHeaders: ['Range'],
      accessControlExposeHeaders: ['Content-Length', 'Content-Range', 'Accept-Ranges'],
      accessControlAllowCredentials: false,
      accessControlMaxAge: Duration.days(1),
      originOverride: true,
    },
    securityHeadersBehavior: { contentTypeOptions: { override: true } },
  });
}

/** The default behaviour's viewer-request function: any path outside `/public/` is 404, the bucket is never asked. */
function notPublicFunction(scope: Construct): cloudfront.Function {
  return new cloudfront.Function(scope, 'NotPublic', {
    comment: 'reportage: 404 for anything outside /public/',
    runtime: cloudfront.FunctionRuntime.JS_2_0,
    code: cloudfront.FunctionCode.fromInline(
      "function handler(event) { return { statusCode: 404, statusDescription: 'Not Found', headers: { 'cache-control': { value: 'no-store' } } }; }",
    ),
  });
}
