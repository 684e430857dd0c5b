/**
 * Tax id types as Stripe names them (`customer_tax_id.type`, Stripe's API reference "Tax IDs":
 * https://docs.stripe.com/api/tax_ids/object#tax_id_object-type). ModelsLab passes the type to
 * Stripe, so a type Stripe does not know would be refused there: it is refused here first, with
 * the rule. Stripe adds types now and then: update TAX_ID_TYPES from that page. Checked on
 * 2026-12-01 against the `type` enum of Stripe's OpenAPI spec (111 types, `unknown` left out: it
 * marks legacy ids and cannot be set).
 */
// biome-ignore format: data, kept compact
const TYPES = [
  'ad_nrt', 'ae_trn', 'al_tin', 'am_tin', 'ao_tin', 'ar_cuit', 'au_abn', 'au_arn', 'aw_tin', 'az_tin',
  'ba_tin', 'bb_tin', 'bd_bin', 'bf_ifu', 'bg_uic', 'bh_vat', 'bj_ifu', 'bo_tin', 'br_cnpj', 'br_cpf',
  'bs_tin', 'by_tin', 'ca_bn', 'ca_gst_hst', 'ca_pst_bc', 'ca_pst_mb', 'ca_pst_sk', 'ca_qst', 'cd_nif',
  'ch_uid', 'ch_vat', 'cl_tin', 'cm_niu', 'cn_tin', 'co_nit', 'cr_tin', 'cv_nif', 'de_stn', 'do_rcn',
  'ec_ruc', 'eg_tin', 'es_cif', 'et_tin', 'eu_oss_vat', 'eu_vat', 'gb_vat', 'ge_vat', 'gn_nif', 'hk_br',
  'hr_oib', 'hu_tin', 'id_npwp', 'il_vat', 'in_gst', 'is_vat', 'jp_cn', 'jp_rn', 'jp_trn', 'ke_pin',
  'kg_tin', 'kh_tin', 'kr_brn', 'kz_bin', 'la_tin', 'li_uid', 'li_vat', 'ma_vat', 'md_vat', 'me_pib',
  'mk_vat', 'mr_nif', 'mx_rfc', 'my_frp', 'my_itn', 'my_sst', 'ng_tin', 'no_vat', 'no_voec', 'np_pan',
  'nz_gst', 'om_vat', 'pe_ruc', 'ph_tin', 'pl_nip', 'ro_tin', 'rs_pib', 'ru_inn', 'ru_kpp', 'sa_vat', 'sg_gst',
  'sg_uen', 'si_tin', 'sn_ninea', 'sr_fin', 'sv_nit', 'th_vat', 'tj_tin', 'tr_tin', 'tw_vat', 'tz_vat',
  'ua_vat', 'ug_tin', 'us_ein', 'uy_ruc', 'uz_tin', 'uz_vat', 've_rif', 'vn_tin', 'za_vat', 'zm_tin',
  'zw_tin',
] as const;

export const TAX_ID_TYPES: ReadonlySet<string> = new Set(TYPES);

/** The EU VAT prefixes: member states' codes, with EL for Greece and XI for Northern Ireland. */
const EU_VAT_PREFIXES: ReadonlySet<string> = new Set([
  'AT',
  'BE',
  'BG',
  'CY',
  'CZ',
  'DE',
  'DK',
  'EE',
  'EL',
  'ES',
  'FI',
  'FR',
  'HR',
  'HU',
  'IE',
  'IT',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SE',
  'SI',
  'SK',
  'XI',
]);

/** A type's own shape, for the types whose format is fixed; the value given already normalised. */
const FORMATS: Readonly<Record<string, (id: string) => boolean>> = {
  eu_vat: (id) => EU_VAT_PREFIXES.has(id.slice(0, 2)) && /^[A-Z]{2}[A-Z0-9]{2,13}$/.test(id),
  gb_vat: (id) => /^GB(\d{9}|\d{12})$/.test(id),
  us_ein: (id) => /^\d{2}-\d{7}$/.test(id),
  au_abn: (id) => /^\d{11}$/.test(id),
  // Two digits of state, the ten-character PAN, the entity number, Z, a check character.
  in_gst: (id) => /^\d{2}[A-Z]{5}\d{4}[A-Z][1-9A-Z]Z[0-9A-Z]$/.test(id),
};

/** Every other type: 1–50 letters, digits, spaces and . - / (what tax ids are written with). */
const SAFE_TAX_ID = /^[A-Za-z0-9][A-Za-z0-9 ./-]{0,49}$/;

/** A known type code in lower case (`EU_VAT` → `eu_vat`), else undefined. */
export function taxIdType(input: string): string | undefined {
  const type = input.trim().toLowerCase();
  return TAX_ID_TYPES.has(type) ? type : undefined;
}

/**
 * The tax id as it is stored for `type`, or undefined when it does not have the type's shape.
 * Fixed formats are compared without spaces and in upper case ("de 123 456 789" → "DE123456789");
 * others keep what was typed, spaces collapsed.
 */
export function normaliseTaxId(type: string, input: string): string | undefined {
  const format = FORMATS[type];
  if (format) {
    const id = input.replace(/\s+/g, '').toUpperCase();
    return format(id) ? id : undefined;
  }
  const id = input.trim().replace(/\s+/g, ' ');
  return SAFE_TAX_ID.test(id) ? id : undefined;
}

/** Whether `type` has a fixed format (its own rule is shown). */
export function hasFixedFormat(type: string): type is keyof typeof FORMATS {
  return type in FORMATS;
}
