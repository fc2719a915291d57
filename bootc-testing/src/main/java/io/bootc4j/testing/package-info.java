/**
 * Test fixtures shared by every bootc4j module: real tools and servers, tree generators.
 *
 * <ul>
 *   <li>{@link io.bootc4j.testing.Interop @Interop}: gates a test on tools being on {@code PATH}.
 *   <li>{@link io.bootc4j.testing.RegistryServer}: the real {@code docker-registry} on a loopback
 *       port, with no auth, Basic (htpasswd) or bearer tokens from its own token endpoint.
 *   <li>{@link io.bootc4j.testing.Skopeo}: the real {@code skopeo}, never consulting the host policy.
 *   <li>{@link io.bootc4j.testing.OciImages}: deterministic OCI layouts (gzip, zstd or plain layers,
 *       image indexes) built from directories, without Docker.
 *   <li>{@link io.bootc4j.testing.Gpg}: the real {@code gpg} with a throwaway home.
 *   <li>{@link io.bootc4j.testing.OstreeCli}: the real {@code ostree}.
 *   <li>{@link io.bootc4j.testing.TestTrees}: seeded trees with every kind of entry, a realistic OS
 *       tree, and {@code assertSameTree}.
 *   <li>{@link io.bootc4j.testing.FaultProxy}: a TCP proxy that resets, delays or answers itself.
 * </ul>
 *
 * Every fixture that starts something is {@code AutoCloseable} and removes its temporary files on
 * close. Failures of the tools surface as {@link java.lang.AssertionError}s that quote the command
 * and its output.
 */
package io.bootc4j.testing;
