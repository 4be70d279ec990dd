/** The software version a device reports (§4.11.1 "Version"); follows package.json. */
export const SOFTWARE_VERSION = "ipdect 0.1.0";
