/** Test fixtures shared by every bootc4j module: real tools and servers, tree generators. */
package io.bootc4j.testing;
