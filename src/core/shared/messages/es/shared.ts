import type { Translation } from '../en/index.ts';
import type { shared as en } from '../en/shared.ts';

export const shared: Translation<typeof en> = {
  'shared.plan_fallback': 'plan {id}',
  'shared.plan_with_price': '{plan} ({price})',
  'shared.title_fund': 'Solicitud de fondos · {amount}',
  'shared.title_subscribe': 'Solicitud de suscripción · {plan}',
  'shared.request_context': 'Solicitud {id}',
  'shared.not_found': 'No encuentro la solicitud "{id}". /ml status muestra las abiertas.',
  'shared.denied_title': 'Solicitud rechazada',
  'shared.denied_by': ' por {who}',
  'shared.denied_reason': 'Motivo: {reason}',
  'shared.denied_no_reason': 'No se indicó ningún motivo.',
  'shared.denied_fund': 'Tu solicitud para añadir {what} al monedero fue rechazada{by}. {why}',
  'shared.denied_subscribe': 'Tu solicitud para suscribirte a {what} fue rechazada{by}. {why}',
  'shared.platform_slack': 'Slack',
  'shared.platform_discord': 'Discord',
  'shared.platform_web': 'El entorno de pruebas',
  'shared.not_posted_closed':
    'No pude publicar {what} en este canal, así que {so}. Invita al bot al canal (o usa un canal en el que esté) y vuelve a intentarlo.',
  'shared.not_posted_busy':
    '{platform} no aceptó {what} en este momento (no respondió a tiempo o tuvo un error), así que {so}. Vuelve a intentarlo en un minuto.',
  'shared.usage_line': 'Uso: {usage} — p. ej. {example}',
  'shared.about_seconds': 'unos {seconds} segundos',
  'shared.about_minutes': 'unos {minutes} minutos',
  'shared.budget_size': ' ({perMinute} por minuto para toda la cuenta)',
  'shared.budget_wait':
    'ModelsLab funciona bien, pero el presupuesto propio del bot para llamadas de facturación{size} está agotado por ahora: la próxima llamada queda libre en {wait}.',
  'shared.rate_limited':
    'El límite de llamadas de facturación de ModelsLab para esta cuenta está agotado por ahora (cuenta toda herramienta que use la cuenta): la próxima llamada se permite en {wait}.',
  'shared.unreadable':
    'ModelsLab respondió en un formato que esta versión de mlbot no entiende; ya se avisó al operador (ref: {ref}).',
  'shared.unreadable_change': 'Puede que se haya hecho de todos modos: revisa antes de volver a intentar {what}.',
  'shared.unreadable_read': 'Así que no puedo {what}, y volver a intentarlo no servirá hasta que se actualice mlbot.',
  'shared.billing_limited': '{limited} No cambió nada: vuelve a intentar {what} después de eso.',
  'shared.billing_refused': 'ModelsLab se negó a {what} ({code}). No cambió nada.',
  'shared.billing_down':
    'ModelsLab no responde en este momento, así que no puedo {what}. Vuelve a intentarlo en un minuto.',
  'shared.what.build_the_spend_report': 'crear el informe de gastos',
  'shared.what.change_auto_recharge': 'cambiar la recarga automática',
  'shared.what.check_the_coupon': 'comprobar el cupón',
  'shared.what.list_the_invoices': 'mostrar las facturas',
  'shared.what.list_the_plans': 'mostrar los planes',
  'shared.what.list_the_subscriptions': 'mostrar las suscripciones',
  'shared.what.list_the_transactions': 'mostrar las transacciones',
  'shared.what.load_the_subscriptions': 'cargar las suscripciones',
  'shared.what.read_the_auto_recharge_setting': 'leer la configuración de recarga automática',
  'shared.what.show_the_balance': 'mostrar el saldo',
  'shared.what.pause_the_subscription': 'pausar la suscripción',
  'shared.what.resume_the_subscription': 'reanudar la suscripción',
  'shared.what.cancel_the_subscription': 'cancelar la suscripción',
  'shared.policy.amount_empty': 'Indica un importe en dólares estadounidenses.',
  'shared.policy.amount_decimals': 'Los importes pueden tener como máximo 2 decimales (centavos).',
  'shared.policy.amount_positive': 'Los importes deben ser positivos.',
  'shared.policy.amount_too_large': 'Supera la solicitud más grande: los importes pueden ser como máximo de {max}.',
  'shared.policy.amount_grouping':
    '"{text}" no es un importe: la coma separa los miles (1,000 o 1,000.50) y los centavos van tras un punto (10.50).',
  'shared.policy.amount_bad': '"{text}" no es un importe: usa cifras como 50, 50.25 o 1,000.',
  'shared.policy.amount_min': 'Los importes deben ser de al menos {min}.',
  'shared.policy.amount_max': 'Los importes pueden ser como máximo de {max}.',
  'shared.policy.card_data':
    '{what, select, note {Esa nota parece} other {Ese motivo parece}} contener datos de una tarjeta, así que no se guardó. Los números de tarjeta y los códigos de seguridad nunca van en el chat: los aprobadores agregan una tarjeta con /ml cards → Añadir tarjeta, una página que la envía solo a Stripe.',
  'shared.policy.note_too_long':
    '{what, select, note {Las notas} other {Los motivos}} tienen como máximo {max} caracteres; el tuyo tiene {length}. No se cambió nada.',
  'shared.policy.only_approvers': 'Solo los aprobadores pueden aprobar o rechazar solicitudes.',
  'shared.policy.not_own': 'No puedes aprobar ni rechazar tu propia solicitud; tiene que hacerlo otro aprobador.',
  'shared.policy.cancel': 'Solo quien hizo la solicitud o un aprobador pueden cancelarla.',
  'shared.policy.claim_paid': 'Solo quien paga esta solicitud puede indicar que está pagada.',
  'shared.policy.renew': 'Solo quien paga, quien hizo la solicitud o un aprobador pueden pedir un enlace nuevo.',
  'shared.policy.try_again': 'Solo quien hizo la solicitud o un aprobador pueden reintentar una solicitud fallida.',
};
