/** Inputs built to make backtracking regexes go quadratic or exponential. */
export function adversarialInputs(bytes: number): { name: string; text: string }[] {
  const fill = (unit: string) => unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
  return [
    { name: 'digits', text: fill('1') },
    { name: 'digit-groups', text: fill('1234 ') },
    { name: 'email-dots', text: `a@${fill('a.').slice(2)}` },
    { name: 'at-signs', text: fill('a@') },
    { name: 'sk-run', text: `sk-${fill('a').slice(3)}` },
    { name: 'sk-repeat', text: fill('sk-') },
    { name: 'pem-begin', text: fill('-----BEGIN RSA PRIVATE KEY-----\n') },
    { name: 'assignments', text: fill('api_key=') },
    { name: 'hex-colons', text: fill('ab:') },
    { name: 'base64', text: fill('ZXlKaGJHY2lPaUpJVXpJMU5pSjku') },
    { name: 'jwt-like', text: fill('eyJhbGciOiJIUzI1NiJ9.') },
    { name: 'curl', text: fill('curl -u ') },
    { name: 'mixed-separators', text: fill('1-2.3 4+') },
    { name: 'letters-digits', text: fill('AB12') },
  ];
}
