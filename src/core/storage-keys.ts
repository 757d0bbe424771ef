// Where things live in the stack's buckets, and how long a card link lasts: shared by the template
// (IAM scopes, function environment), deploy and the Lambda code. No SDK imports, so synth stays light.

/** Where render-card reads the operator's branding (branding.json, logo, fonts) in the assets bucket. */
export const BRANDING_PREFIX = 'branding/';
/** Key of the branding manifest in the assets bucket. */
export const BRANDING_KEY = `${BRANDING_PREFIX}branding.json`;
/** Where cards live in the cards bucket: `cards/{user_id}/{type}.png`. */
export const CARDS_PREFIX = 'cards/';
/** Lifetime of get-user's presigned card URLs, in seconds: the template's setting and the handler's default. */
export const DEFAULT_CARD_URL_TTL_SECONDS = 300;
