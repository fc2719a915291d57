/**
 * GVariant serialization (normal form) for the types ostree stores, and a strict reader for it.
 * Not API: the public object classes of {@code io.bootc4j.ostree} wrap it. Integers are
 * little-endian as on the x86_64/aarch64 hosts ostree runs on; framing offsets are sized from the
 * container size as GLib's {@code gvs_get_offset_size} does. Reference:
 * https://people.gnome.org/~desrt/gvariant-serialisation.pdf
 */
package io.bootc4j.ostree.internal.gvariant;
