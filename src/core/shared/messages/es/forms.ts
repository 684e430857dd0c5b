import type { forms as en } from '../en/forms.ts';
import type { Translation } from '../en/index.ts';

export const forms: Translation<typeof en> = {
  'forms.fund_title': 'Recargar ModelsLab',
  'forms.fund_submit': 'Solicitar',
  'forms.fund_intro':
    'Pide una recarga del monedero de ModelsLab. Los aprobadores aprueban; quien paga recibe el enlace de pago por DM.',
  'forms.fund_amount': 'Importe (dólares estadounidenses)',
  'forms.fund_amount_hint': 'De {min} a {max}, con 2 decimales como máximo, p. ej. 50 o 50.25.',
  'forms.fund_note': 'Nota',
  'forms.fund_note_hint': 'Para qué es el dinero, hasta {max} caracteres.',
  'forms.fund_payer': 'Quién paga',
  'forms.fund_payer_hint':
    'Déjalo vacío para pagar tú, o elige al miembro que paga: solo esa persona recibe el enlace.',
  'forms.fund_payer_text_hint':
    'Vacío: pagas tú. O el id o la @mención de un miembro: solo esa persona recibe el enlace.',
  'forms.fund_channel': 'Publicar la solicitud en',
  'forms.fund_channel_hint': 'El canal donde los aprobadores ven la tarjeta de la solicitud.',
  'forms.fund_channel_missing': 'Elige el canal donde se publica la solicitud.',
  'forms.fund_payer_one': 'Elige un solo miembro que pague (o ninguno para pagar tú).',
  'forms.fund_payer_bad': 'Indica quién paga con su id o @mención (p. ej. <@123456789012345678>), o déjalo vacío.',
  'forms.deny_title': 'Rechazar solicitud',
  'forms.deny_submit': 'Rechazar',
  'forms.deny_intro':
    'Rechazar la solicitud {id} ({amount}). Quien la pidió recibe un DM con quién la rechazó y por qué.',
  'forms.deny_reason': 'Motivo',
  'forms.deny_reason_hint': 'Opcional, hasta {max} caracteres; quien la pidió lo verá.',
  'forms.coupon_title': 'Comprobar un cupón',
  'forms.coupon_submit': 'Comprobar',
  'forms.coupon_code': 'Código del cupón',
  'forms.coupon_code_hint': 'Letras, dígitos, "-" y "_" (hasta 40), p. ej. WELCOME10.',
  'forms.coupon_code_bad': 'Los códigos de cupón son letras, dígitos, "-" y "_" (hasta 40).',
  'forms.topup_title': 'Recarga personalizada',
  'forms.topup_submit': 'Solicitar',
  'forms.topup_amount': 'Importe (dólares estadounidenses)',
  'forms.unavailable':
    'No pude abrir el formulario a tiempo (el clic o el comando caducó). Inténtalo de nuevo, o escribe {command}.',
};
