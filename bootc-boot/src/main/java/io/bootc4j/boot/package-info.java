/**
 * Boot configuration for image-based systems: {@link io.bootc4j.boot.BootEntry} (Boot Loader
 * Specification Type 1 entries, written exactly as libostree 2022.7 writes them),
 * {@link io.bootc4j.boot.KernelArgs} (kernel command lines with ostree's edit semantics),
 * {@link io.bootc4j.boot.KargsD} (bootc's {@code kargs.d} and its upgrade diff),
 * {@link io.bootc4j.boot.Grubenv} ({@code grub-editenv}-compatible environment blocks),
 * {@link io.bootc4j.boot.LoaderGenerations} (the atomic {@code boot/loader} switch between
 * {@code loader.0} and {@code loader.1}) and the {@link io.bootc4j.boot.Bootloader} backends from
 * {@link io.bootc4j.boot.Bootloaders}. Every checked failure is a
 * {@link io.bootc4j.boot.BootException}; a refused file is a
 * {@link io.bootc4j.boot.BootFileFormatException} naming the file and the line.
 */
package io.bootc4j.boot;
