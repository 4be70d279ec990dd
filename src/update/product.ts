import type { DeviceKind } from "../core/identity/DeviceKind.js";
import type { Mac } from "../core/identity/Mac.js";

/**
 * The product type name a device reports in the Version line of its Info page, which names its update files
 * (App. A.1.3: "The product type name used is the one used in the Version line"). The manual's products are IPBS1,
 * IPBS2, IPBS3, IPBL and IPVM; this software models one IPBS hardware, the IPBS2 (the one §1 and the seeds describe
 * with DECT and Ethernet as here), so an IPBS device is an IPBS2 (docs/design.md "Update server").
 */
export const PRODUCTS = ["IPBS1", "IPBS2", "IPBS3", "IPBL", "IPVM"] as const;
export type Product = (typeof PRODUCTS)[number];

const PRODUCT_OF: Readonly<Record<DeviceKind, Product>> = { IPBS: "IPBS2", IPBL: "IPBL", IPVM: "IPVM" };

export function productOf(kind: DeviceKind): Product {
  return PRODUCT_OF[kind];
}

/** App. A.1.3: the command file's name when the URL ends with '/'. */
export function commandFileName(product: Product): string {
  return `update-${product === "IPBS1" ? "IPBS" : product}.htm`;
}

/** The lower-case stem of the product's firmware file (A.1.4: `ipbs.bin` for the IPBS1) and hardware ID. */
function stem(product: Product): string {
  return product === "IPBS1" ? "ipbs" : product.toLowerCase();
}

/** App. A.1.4: the firmware file's name when a `prot` URL ends with '/'. */
export function firmwareFileName(product: Product): string {
  return `${stem(product)}.bin`;
}

/** App. A.1.4: the boot code file's name when a `boot` URL ends with '/'; the IPVM has no boot code. */
export function bootFileName(product: Product): string | undefined {
  return product === "IPVM" ? undefined : `boot_${firmwareFileName(product)}`;
}

/**
 * App. A.1.4's `#h` "Device hardware ID", example `ipbs-03-0d-f0`: the product's file stem (as its firmware file,
 * `ipbs2` for an IPBS2) and the last three bytes of the MAC, the part that tells one device of a product from another.
 */
export function hardwareId(product: Product, mac: Mac): string {
  return `${stem(product)}-${mac.toString().split(":").slice(3).join("-")}`;
}

/** Whether a name (an image header's, a command line's) is one of the manual's products. */
export function isProduct(name: string): name is Product {
  return (PRODUCTS as readonly string[]).includes(name);
}
