/** bootc4j ostree module; see the module's README section in the project README. */
package io.bootc4j.ostree;
