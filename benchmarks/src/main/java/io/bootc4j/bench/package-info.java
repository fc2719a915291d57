/** JMH benchmarks of the object store's hot paths. */
package io.bootc4j.bench;
