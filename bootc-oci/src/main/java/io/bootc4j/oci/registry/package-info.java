/**
 * The {@code docker://} transport: a pull client for the OCI distribution API and the containers
 * configuration it reads.
 *
 * <ul>
 *   <li>{@link io.bootc4j.oci.registry.RegistryClient} (thread-safe, built once and shared):
 *       manifests with content negotiation and exact bytes, blobs verified while streaming and
 *       resumed with {@code Range}, referrers; Basic and Docker bearer-token authentication;
 *       retries of resets, 5xx and 429 ({@code Retry-After}); redirects that never forward
 *       {@code Authorization} to another origin; insecure registries, {@code --cert-dir}.</li>
 *   <li>{@link io.bootc4j.oci.registry.RegistryImageSource}: one pinned image, its signatures
 *       (cosign {@code sha256-HEX.sig} attachments) and parallel prefetch into a
 *       {@link io.bootc4j.oci.cache.BlobCache}.</li>
 *   <li>Configuration: {@link io.bootc4j.oci.registry.AuthFile} ({@code auth.json}, Docker
 *       {@code config.json}, credential helpers) and {@link io.bootc4j.oci.registry.RegistriesConf}
 *       ({@code registries.conf} v2: mirrors, rewriting, blocking, insecure).</li>
 *   <li>Extension points, one method each: {@link io.bootc4j.oci.registry.CredentialSource},
 *       {@link io.bootc4j.oci.registry.PullSourceResolver}, {@link io.bootc4j.oci.registry.RegistryInterceptor},
 *       {@link io.bootc4j.oci.registry.Sleeper}.</li>
 * </ul>
 *
 * <p>Failures are {@link io.bootc4j.oci.OciException}s: {@link io.bootc4j.oci.registry.RegistryException}
 * (HTTP status, distribution error code and message), {@link io.bootc4j.oci.registry.RegistryConfigException}
 * (a bad file or helper, named), {@link io.bootc4j.oci.BlobNotFoundException},
 * {@link io.bootc4j.oci.DigestMismatchException}. Messages name the registry, repository and
 * manifest or blob.
 */
package io.bootc4j.oci.registry;
