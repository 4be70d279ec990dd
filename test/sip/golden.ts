/** Golden SIP messages for the codec tests: written as a phone and a PBX write them, CRLF line ends. */

export const crlf = (...lines: string[]): string => lines.join("\r\n");

/** A REGISTER of a DECT user (Number as AOR user) with an RFC 5626 instance and reg-id. */
export const REGISTER = crlf(
  "REGISTER sip:pbx.example.com SIP/2.0",
  "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKnashds7;rport",
  "Max-Forwards: 70",
  'From: "Alice" <sip:1001@pbx.example.com>;tag=a73kszlfl',
  "To: <sip:1001@pbx.example.com>",
  "Call-ID: 1j9FpLxk3uxtm8tn@192.0.2.10",
  "CSeq: 1 REGISTER",
  'Contact: <sip:1001@192.0.2.10:5060;transport=udp>;+sip.instance="<urn:uuid:00000000-0000-1000-8000-000a95a0e128>";reg-id=1',
  "Expires: 120",
  "Supported: path, outbound",
  "User-Agent: ipdect/0.1",
  "Content-Length: 0",
  "",
  "",
);

/** The registrar's challenge (RFC 3261 §22.1). */
export const UNAUTHORIZED = crlf(
  "SIP/2.0 401 Unauthorized",
  "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKnashds7;rport=5060;received=203.0.113.7",
  'From: "Alice" <sip:1001@pbx.example.com>;tag=a73kszlfl',
  "To: <sip:1001@pbx.example.com>;tag=37GkEhwl6",
  "Call-ID: 1j9FpLxk3uxtm8tn@192.0.2.10",
  "CSeq: 1 REGISTER",
  'WWW-Authenticate: Digest realm="pbx.example.com", nonce="ea9c8e88df84f1cec4341ae6cbe5a359", algorithm=MD5, qop="auth"',
  "Content-Length: 0",
  "",
  "",
);

/** A 200 to REGISTER listing two bindings of the AOR (RFC 3261 §10.3 step 8). */
export const OK_TWO_CONTACTS = crlf(
  "SIP/2.0 200 OK",
  "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKnashds8;rport=5060;received=203.0.113.7",
  'From: "Alice" <sip:1001@pbx.example.com>;tag=a73kszlfl',
  "To: <sip:1001@pbx.example.com>;tag=8321234356",
  "Call-ID: 1j9FpLxk3uxtm8tn@192.0.2.10",
  "CSeq: 2 REGISTER",
  "Contact: <sip:1001@192.0.2.10:5060;transport=udp>;expires=120",
  "Contact: <sip:1001@198.51.100.4:5062>;expires=3417",
  "Date: Sat, 13 Nov 2010 23:29:00 GMT",
  "Content-Length: 0",
  "",
  "",
);
