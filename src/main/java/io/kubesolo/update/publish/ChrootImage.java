package io.kubesolo.update.publish;

import io.kubesolo.update.UpdateException;
import io.kubesolo.update.oci.ContainerImageWriter;
import io.kubesolo.update.oci.ContainerImageWriter.ArchitectureLayer;
import io.kubesolo.update.oci.Descriptor;
import io.kubesolo.update.oci.OciLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes the image the Kubernetes manifests run (packaging/kubernetes, docs/operations.md): a static
 * busybox whose {@code chroot} runs the node's own installed agent. The package step
 * (scripts/package-dist.sh) makes each architecture's layer and calls this with the jar:
 *
 * <pre>java -cp kubesolo-update.jar io.kubesolo.update.publish.ChrootImage LAYOUT TAG ARCH=LAYER.tar.gz...</pre>
 *
 * Exit status 0 written, 1 failed, 2 usage.
 */
public final class ChrootImage {

    /**
     * The usual PATH of a container: the image's busybox applets are in /bin, and the node's agent,
     * once chrooted, finds the node's tools (mount, umount) wherever its userland keeps them.
     */
    static final List<String> ENVIRONMENT =
            List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");

    private static final String USAGE = "usage: ChrootImage LAYOUT TAG ARCH=LAYER.tar.gz...";

    private ChrootImage() {}

    public static void main(String[] args) {
        if (args.length < 3) {
            System.err.println(USAGE);
            System.exit(2);
        }
        List<ArchitectureLayer> layers = new ArrayList<>();
        for (String layer : Arrays.asList(args).subList(2, args.length)) {
            int equals = layer.indexOf('=');
            if (equals < 1) {
                System.err.println("ChrootImage: " + layer + " is not ARCH=LAYER.tar.gz; " + USAGE);
                System.exit(2);
            }
            layers.add(new ArchitectureLayer(layer.substring(0, equals), Path.of(layer.substring(equals + 1))));
        }
        try {
            OciLayout layout = new OciLayout(Path.of(args[0]));
            Descriptor index = new ContainerImageWriter(layout).write(args[1], layers, ENVIRONMENT);
            System.out.println(layout.describe() + ":" + args[1] + " " + index.digest());
        } catch (UpdateException | IllegalArgumentException e) {
            System.err.println("ChrootImage: " + e.getMessage());
            System.exit(1);
        }
    }
}
