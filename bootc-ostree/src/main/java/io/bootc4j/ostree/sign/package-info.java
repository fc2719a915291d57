/**
 * Commit and summary signatures as ostree stores them in detached metadata
 * ({@code .commitmeta}, {@code summary.sig}): ed25519 ({@code ostree.sign.ed25519}) signing and
 * verification, and OpenPGP ({@code ostree.gpgsigs}) verification. Each verifier is a
 * {@link io.bootc4j.ostree.sign.CommitVerifier} returning a {@link io.bootc4j.ostree.sign.SignatureVerdict}.
 */
package io.bootc4j.ostree.sign;
