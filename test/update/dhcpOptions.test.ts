import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { DecodeError } from "../../src/core/errors.js";
import {
  decodeDhcpReply,
  DhcpMessageType,
  encodeDhcpRequest,
  REQUESTED_OPTIONS,
} from "../../src/update/dhcpMessage.js";
import { OPTIONS_AT, readDhcpOptions } from "../../src/update/dhcpOptions.js";
import { UpdateCode } from "../../src/update/errors.js";
import { ascii, dhcpAnswer, opt } from "./dhcpBytes.js";

const END = 255;
const URL = "http://192.168.0.10/file.txt";

/** Throws DHCP_OPTION naming `field` at `offset`. */
function rejects(msg: Uint8Array, field: string | undefined, offset: number, reason: RegExp): void {
  assert.throws(
    () => readDhcpOptions(msg),
    (e: unknown) => {
      assert.ok(e instanceof DecodeError);
      assert.equal(e.code, UpdateCode.DhcpOption);
      assert.equal(e.context.field, field);
      assert.equal(e.context.offset, offset);
      assert.match(e.message, reason);
      return true;
    },
  );
}

describe("readDhcpOptions: the standard options (RFC 2132)", () => {
  test("1, 3, 6, 42, 51, 53, 54, 66, 67 decode to their types; pads are skipped; lists keep their order", () => {
    const msg = dhcpAnswer([
      ...opt(53, [DhcpMessageType.Ack]),
      0,
      0,
      ...opt(54, [10, 213, 0, 1]),
      ...opt(51, [0, 0, 0x0e, 0x10]),
      ...opt(1, [255, 255, 255, 0]),
      ...opt(3, [10, 213, 0, 1, 10, 213, 0, 2]),
      ...opt(6, [10, 213, 0, 53]),
      ...opt(42, [10, 213, 0, 123]),
      ...opt(66, ascii("tftp://10.213.0.1/provisioning")),
      ...opt(67, [...ascii("ipdect.cfg"), 0]), // RFC 2132 §2: a trailing NUL is deleted
      END,
    ]);
    assert.deepEqual(readDhcpOptions(msg), {
      messageType: 5,
      serverId: "10.213.0.1",
      leaseSeconds: 3600,
      subnetMask: "255.255.255.0",
      routers: ["10.213.0.1", "10.213.0.2"],
      dnsServers: ["10.213.0.53"],
      ntpServers: ["10.213.0.123"],
      tftpServer: "tftp://10.213.0.1/provisioning",
      bootfile: "ipdect.cfg",
      vendor: {},
    });
  });

  test("an option given twice is one value, joined (RFC 3396)", () => {
    const msg = dhcpAnswer([...opt(215, ascii("http://192.168.")), ...opt(215, ascii("0.10/file.txt")), END]);
    assert.equal(readDhcpOptions(msg).vendor.updateUrl, URL);
  });

  test("option overload 52 (RFC 2132 §9.3): the file field, then sname, each with its end option", () => {
    const file = [...opt(215, ascii("http://192.168.0.10/")), END];
    const sname = [...opt(215, ascii("file.txt")), ...opt(216, [0, 30]), END];
    const msg = dhcpAnswer([...opt(52, [3]), END], { file, sname });
    assert.deepEqual(readDhcpOptions(msg).vendor, { updateUrl: URL, updatePollMinutes: 30 });
    // Without 52 the same fields are a server name and a boot file name, not options.
    assert.deepEqual(readDhcpOptions(dhcpAnswer([END], { file, sname })).vendor, {});
  });
});

describe("readDhcpOptions: App. I.3's vendor options", () => {
  test("every row of the I.3 table with its data type: IP address array, String, Word (16bit), Byte (8bit)", () => {
    const msg = dhcpAnswer([
      ...opt(200, [10, 0, 0, 1, 10, 0, 0, 2]),
      ...opt(201, ascii("GK1")),
      ...opt(202, ascii("CET-1CEST,M3.5.0,M10.5.0/3")),
      ...opt(203, ascii("G729A,40,esx")),
      ...opt(206, [0x01, 0x2c]),
      ...opt(207, [5]),
      ...opt(208, ascii("0xb8,0x68")),
      ...opt(209, [4]),
      ...opt(210, [15]),
      ...opt(211, [1]),
      ...opt(212, [0]),
      ...opt(215, ascii(URL)),
      ...opt(216, [0x00, 0x0f]),
      ...opt(250, ascii("1.3.6.1.4.1.27614.1.1")),
      END,
    ]);
    assert.deepEqual(readDhcpOptions(msg).vendor, {
      gatekeepers: ["10.0.0.1", "10.0.0.2"],
      gatekeeperId: "GK1",
      posixTz: "CET-1CEST,M3.5.0,M10.5.0/3",
      defaultCoder: "G729A,40,esx",
      vlanId: 300,
      vlanPriority: 5,
      tosBits: "0xb8,0x68",
      enblocSeconds: 4,
      dialtoneType: 15,
      faststart: 1,
      h245Tunnelling: 0,
      updateUrl: URL,
      updatePollMinutes: 15,
      serverOid: "1.3.6.1.4.1.27614.1.1",
    });
  });

  test("216 Update Poll Interval is a Word: 65535 minutes is its largest, in network byte order", () => {
    assert.equal(readDhcpOptions(dhcpAnswer([...opt(216, [0xff, 0xff]), END])).vendor.updatePollMinutes, 65535);
    assert.equal(readDhcpOptions(dhcpAnswer([...opt(216, [0x01, 0x00]), END])).vendor.updatePollMinutes, 256);
  });

  test("215/216 encapsulated in option 43 (RFC 2132 §8.4); an option of its own wins over the one inside 43", () => {
    const inside = [...opt(215, ascii("http://10.0.0.1/a")), ...opt(216, [0, 60])];
    assert.deepEqual(readDhcpOptions(dhcpAnswer([...opt(43, inside), END])).vendor, {
      updateUrl: "http://10.0.0.1/a",
      updatePollMinutes: 60,
    });
    const both = dhcpAnswer([...opt(43, inside), ...opt(215, ascii(URL)), END]);
    assert.deepEqual(readDhcpOptions(both).vendor, { updateUrl: URL, updatePollMinutes: 60 });
  });

  test("option 43 that is not encapsulated options is another vendor's: left alone", () => {
    assert.deepEqual(readDhcpOptions(dhcpAnswer([...opt(43, [215, 40, 1]), END])).vendor, {});
  });
});

describe("readDhcpOptions: malformed answers are a DecodeError DHCP_OPTION with the option and its offset", () => {
  const at = OPTIONS_AT;
  test("216 in one octet: a Word (16bit) takes 2 octets", () =>
    rejects(dhcpAnswer([...opt(216, [30]), END]), "option 216 (Update Poll Interval)", at, /Word \(16bit\) takes 2/));
  test("207 VLAN Priority in two octets: a Byte (8bit) takes 1", () =>
    rejects(dhcpAnswer([0, ...opt(207, [0, 5]), END]), "option 207 (VLAN Priority)", at + 1, /Byte \(8bit\)/));
  test("a length past the end of the field", () =>
    rejects(dhcpAnswer([215, 40, ...ascii("http")]), "option 215 (Update URL)", at, /length 40 runs past/));
  test("a code without its length octet at the end", () =>
    rejects(dhcpAnswer([0, 216]), "option 216 (Update Poll Interval)", at + 1, /length octet is missing/));
  test("an address list not a multiple of 4 octets", () =>
    rejects(dhcpAnswer([...opt(3, [10, 0, 0]), END]), "option 3 (Router)", at, /multiple of 4/));
  test("a string that is empty, not UTF-8, or holds a control character", () => {
    rejects(dhcpAnswer([...opt(215, [0]), END]), "option 215 (Update URL)", at, /empty/);
    rejects(dhcpAnswer([...opt(215, [0xc3]), END]), "option 215 (Update URL)", at, /not UTF-8/);
    rejects(dhcpAnswer([...opt(66, ascii("tftp://a\nb")), END]), "option 66 (TFTP server name)", at, /control/);
  });
  test("no end option (RFC 2132 §3.2), also in an overloaded field", () => {
    rejects(dhcpAnswer([...opt(53, [5])]), undefined, at + 3, /options field has no end option/);
    rejects(dhcpAnswer([...opt(52, [2]), END]), undefined, 108, /sname field has no end option/);
    rejects(dhcpAnswer([...opt(52, [4]), END]), "option 52 (Option Overload)", at, /not 1 \(file\), 2/);
  });
  test("too short, or without the magic cookie", () => {
    rejects(dhcpAnswer([END]).subarray(0, 239), undefined, 239, /at least 240 octets/);
    const noCookie = dhcpAnswer([END]);
    noCookie[236] = 0;
    rejects(noCookie, undefined, 236, /no DHCP magic cookie/);
  });
});

describe("encodeDhcpRequest / decodeDhcpReply (RFC 2131 §2, §4.4.1)", () => {
  const mac = Uint8Array.of(0x02, 0x00, 0x5e, 0x10, 0x00, 0x01);

  test("a DHCPREQUEST: BOOTREQUEST, broadcast flag, chaddr, options 53, 50, 54, 55 with 215 and 216, 57, end", () => {
    const m = encodeDhcpRequest({
      type: 3,
      xid: 0x12345678,
      mac,
      requestedAddress: "10.213.0.77",
      serverId: "10.213.0.1",
    });
    assert.equal(m.length, 300);
    assert.deepEqual([...m.subarray(0, 12)], [1, 1, 6, 0, 0x12, 0x34, 0x56, 0x78, 0, 0, 0x80, 0]);
    assert.deepEqual([...m.subarray(28, 34)], [...mac]);
    const options = [
      ...opt(53, [3]),
      ...opt(50, [10, 213, 0, 77]),
      ...opt(54, [10, 213, 0, 1]),
      ...opt(55, REQUESTED_OPTIONS),
      ...opt(57, [0x05, 0xdc]),
      END,
    ];
    assert.deepEqual([...m.subarray(OPTIONS_AT, OPTIONS_AT + options.length)], options);
    assert.ok(REQUESTED_OPTIONS.includes(215) && REQUESTED_OPTIONS.includes(216) && REQUESTED_OPTIONS.includes(66));
  });

  test("a DHCPACK decodes to xid, yiaddr, chaddr and options", () => {
    const r = decodeDhcpReply(dhcpAnswer([...opt(53, [5]), ...opt(215, ascii(URL)), END]));
    assert.equal(r.xid, 0x12345678);
    assert.equal(r.yiaddr, "10.213.0.77");
    assert.equal(r.mac, "02:00:5e:10:00:01");
    assert.equal(r.options.messageType, DhcpMessageType.Ack);
    assert.equal(r.options.vendor.updateUrl, URL);
  });

  test("a BOOTREQUEST, or not Ethernet, is DHCP_MESSAGE", () => {
    const request = dhcpAnswer([END]);
    request[0] = 1;
    assert.throws(() => decodeDhcpReply(request), { code: UpdateCode.DhcpMessage, message: /op 1 is not BOOTREPLY/ });
    const tokenRing = dhcpAnswer([END]);
    tokenRing[1] = 6;
    assert.throws(() => decodeDhcpReply(tokenRing), { code: UpdateCode.DhcpMessage, message: /not Ethernet/ });
  });
});
