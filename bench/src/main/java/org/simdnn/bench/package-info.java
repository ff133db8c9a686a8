/** JMH benchmarks of simdnn kernels, their scalar twins, peers and the machine's ceilings. */
package org.simdnn.bench;
