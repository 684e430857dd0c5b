import type { help as en } from '../en/help.ts';
import type { Translation } from '../en/index.ts';

export const help: Translation<typeof en> = {
  'help.title': 'Comandos de mlbot',
  'help.intro': 'Paga la cuenta de ModelsLab del equipo desde el chat, con un aprobador al tanto.',
  'help.intro_discord':
    'Paga la cuenta de ModelsLab del equipo desde el chat, con un aprobador al tanto. Para los comandos /ml, escribe lo que va después de /ml en su opción "command".',
  'help.who_approvers': ' (aprobadores)',
  'help.who_admins': ' (administradores)',
  'help.who_admins_discord': ' (administradores del servidor: Gestionar servidor)',
  'help.entry': '{summary} p. ej. {example}',
  'help.summary.fund':
    'Pide una recarga del monedero de ModelsLab (los aprobadores aprueban y tú pagas con un enlace por mensaje directo).',
  'help.summary.subscribe': 'Suscribe la cuenta a un plan; sin plan, muestra los planes como botones.',
  'help.summary.balance':
    'Saldo del monedero, recarga automática y los últimos 5 movimientos (añade "public" para mostrarlo en el canal).',
  'help.summary.status':
    'Solicitudes abiertas y fallidas recientes con los botones que puedes usar (Aprobar, Rechazar, Cancelar, Reintentar), y suscripciones (aprobadores: Pausar, Reanudar, Cambiar de plan).',
  'help.summary.transactions':
    'Los movimientos del monedero, {count, number} cada vez, con botones Siguiente y Anterior.',
  'help.summary.invoices': 'Las últimas {count, number} facturas (número, fecha, importe, estado) con sus PDF.',
  'help.summary.coupon':
    'Comprueba un cupón; Canjear abona el monedero (los aprobadores al instante, los demás tras una aprobación).',
  'help.summary.autorecharge':
    'Consulta la recarga automática; los aprobadores la configuran (al menos {amount}, umbral de al menos {threshold}) o la desactivan.',
  'help.summary.cards':
    'Tarjetas guardadas: marca, últimos cuatro dígitos, vencimiento, predeterminada; los aprobadores eligen la predeterminada, quitan o agregan una.',
  'help.summary.billing':
    'Los datos de facturación de la cuenta (nombre, correo, dirección, id fiscal); los aprobadores los editan.',
  'help.summary.cancel': 'Cancela una solicitud (quien la pidió o un aprobador).',
  'help.summary.deny':
    'Aprobadores: rechaza una solicitud, con un motivo opcional; quien la pidió recibe un mensaje directo.',
  'help.summary.audit':
    'Aprobadores: cada solicitud y cambio de estado de los últimos {days} días (hasta {max}) en un archivo CSV.',
  'help.summary.report':
    'Aprobadores: gasto por miembro y por concepto, uso de la API, saldo por día y solicitudes abiertas de los últimos {days} días (hasta {max}), con gráficos.',
  'help.summary.panel': 'Administradores: publica en este canal un panel de suscripción fijo con un botón por plan.',
  'help.summary.connect':
    'Conecta la cuenta de ModelsLab a la que paga este espacio de trabajo (un formulario para su token de acceso de agente).',
  'help.summary.disconnect':
    'Desconecta la cuenta de ModelsLab (pide confirmación; los enlaces ya enviados se pueden seguir pagando).',
  'help.summary.settings': 'Consulta y cambia aprobadores, umbrales, límites y alertas de saldo.',
  'help.summary.help': 'Esta lista.',
};
