/** bootc4j oci module; see the module's README section in the project README. */
package io.bootc4j.oci;
