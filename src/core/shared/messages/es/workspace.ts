import type { Translation } from '../en/index.ts';
import type { workspace as en } from '../en/workspace.ts';

export const workspace: Translation<typeof en> = {
  'workspace.admins_slack': 'los administradores del espacio de trabajo o quien instaló la app',
  'workspace.admins_discord': 'los miembros con el permiso Gestionar servidor',
  'workspace.admins_web': 'los administradores de este espacio de trabajo',
  'workspace.admin_rule':
    'Solo {admins} pueden conectar ModelsLab, desconectarlo o cambiar la configuración. No se cambió nada.',

  'workspace.not_connected_rule': 'Primero hay que conectar una cuenta de ModelsLab',
  'workspace.connect_rule': 'Primero hay que conectar una cuenta de ModelsLab: {admins} pueden ejecutar /ml connect.',
  'workspace.connect_button': 'Conectar ModelsLab',
  'workspace.not_connected_reply':
    'Este espacio de trabajo aún no tiene una cuenta de ModelsLab conectada, así que no se hizo nada. {rule}',
  'workspace.not_connected_home_title': 'mlbot aún no está conectado',
  'workspace.not_connected_home_text': '{rule} Hasta entonces nadie puede recargar ni suscribirse desde aquí.',
  'workspace.help_not_connected':
    '{help} Este espacio de trabajo aún no tiene una cuenta de ModelsLab conectada: {rule}.',
  'workspace.unknown_tenant_reply':
    'No sé a qué espacio de trabajo pertenece esto, así que no se hizo nada. Usa el comando en un canal de tu espacio de trabajo o servidor.',
  'workspace.unknown_tenant_home':
    'No sé a qué espacio de trabajo pertenece esta Home. Ábrela desde tu espacio de trabajo.',

  'workspace.welcome_title': 'Gracias por instalar mlbot',
  'workspace.welcome_text':
    'mlbot permite a tu equipo recargar y suscribirse a tu cuenta de ModelsLab desde el chat: un miembro lo pide (/ml-fund 50), un aprobador lo aprueba y quien paga recibe un enlace de pago por mensaje directo. Primero, un administrador debe conectar una cuenta de ModelsLab: haz clic en Conectar ModelsLab o ejecuta /ml connect ({admins}). Después, /ml settings elige los aprobadores, el umbral de aprobación, la solicitud máxima y las alertas de saldo.',
  'workspace.welcome_sandbox': 'Sandbox: conecta con cualquier token sandbox-<nombre>; los pagos son simulados.',

  'workspace.connect_title': 'Conectar ModelsLab',
  'workspace.connect_submit': 'Conectar',
  'workspace.connect_intro_replacing':
    'Ya hay una cuenta de ModelsLab conectada: un token nuevo la reemplaza para este espacio de trabajo.',
  'workspace.connect_intro':
    'Conecta la cuenta de ModelsLab a la que paga este espacio de trabajo. Así los miembros podrán recargar y suscribirse desde el chat.',
  'workspace.connect_token_label': 'Token de acceso de agente de ModelsLab',
  'workspace.connect_token_hint_sandbox':
    'Sandbox: cualquier token sandbox-<nombre> es su propia cuenta simulada, p. ej. sandbox-acme.',
  'workspace.connect_token_hint':
    'Crea un token de acceso de agente en tu panel de ModelsLab y pégalo aquí. Se guarda cifrado y no se vuelve a mostrar.',
  'workspace.token_empty': 'Pega el token de acceso de agente de ModelsLab.',
  'workspace.token_spaces': 'Un token no tiene espacios ni saltos de línea: pégalo tal como lo muestra ModelsLab.',
  'workspace.token_too_long': 'Un token tiene como máximo {max} caracteres.',
  'workspace.token_ascii': 'Un token solo tiene caracteres ASCII imprimibles: pégalo tal como lo muestra ModelsLab.',
  'workspace.operator_sandbox':
    'Este bot funciona en modo sandbox: usa el simulador integrado, así que no hay ninguna cuenta de ModelsLab que conectar o desconectar (los pagos son simulados).',
  'workspace.operator_account':
    'La cuenta de ModelsLab de este bot la configura su operador (MODELSLAB_TOKEN), así que no hay nada que conectar o desconectar en el chat.',
  'workspace.form_expired':
    'No pude abrir el formulario a tiempo (el clic o el comando caducó). Ejecuta {command} de nuevo.',
  'workspace.token_rejected':
    'ModelsLab rechazó ese token (incorrecto, caducado o revocado), así que no se guardó nada. Revísalo en tu panel de ModelsLab y ejecuta /ml connect de nuevo.',
  'workspace.token_unavailable':
    'ModelsLab no respondió, así que no se guardó nada. Vuelve a intentar /ml connect en un minuto.',
  'workspace.nothing_stored': '{rule} No se guardó nada.',
  'workspace.store_failed': 'No pude guardar la cuenta ahora mismo (ref: {ref}). Ejecuta /ml connect de nuevo.',
  'workspace.connected':
    'Conectado. Saldo: {balance}. Los miembros ya pueden usar /ml-fund y /ml-subscribe; ejecuta /ml settings para elegir los aprobadores y los límites.',

  'workspace.links_stay':
    'Los enlaces de pago ya enviados se pueden pagar hasta que caduquen: un pago en uno de ellos se confirma igualmente, se acredita a esa cuenta de ModelsLab y se registra aquí. El token se conserva, sellado, solo para esas comprobaciones, y se borra cuando el último enlace ya no se pueda pagar.',
  'workspace.disconnect_none':
    'No hay ninguna cuenta de ModelsLab conectada a este espacio de trabajo, así que no hay nada que desconectar.',
  'workspace.disconnect_title': '¿Desconectar ModelsLab?',
  'workspace.disconnect_ask':
    'Los miembros no podrán recargar ni suscribirse hasta que un administrador ejecute /ml connect de nuevo. {links}',
  'workspace.disconnect_button': 'Desconectar',
  'workspace.never_mind': 'Déjalo',
  'workspace.disconnected':
    'Desconectado: los miembros no pueden recargar ni suscribirse hasta que un administrador ejecute /ml connect. {links}',
  'workspace.disconnect_nothing': 'No había ninguna cuenta de ModelsLab conectada, así que no cambió nada.',

  'workspace.settings_title': 'Configuración del espacio',
  'workspace.settings_intro':
    'La configuración de este espacio de trabajo. Cada cambio se audita con quién lo hizo, el antes y el después.',
  'workspace.settings_from_env':
    'La configuración de este bot viene de su entorno (APPROVAL_THRESHOLD_USD, MAX_FUND_USD, …): la cambia su operador.',
  'workspace.value_and_rule': '{value}. {rule}',
  'workspace.change': '{before} → {after}',
  'workspace.yes': 'sí',
  'workspace.no': 'no',
  'workspace.none': 'ninguno',
  'workspace.off': 'desactivado',
  'workspace.below': 'por debajo de {amount}',
  'workspace.from': 'desde {amount}',
  'workspace.after': 'tras {hours}',
  'workspace.hours': '{count, plural, one {# hora} other {# horas}}',
  'workspace.per_minute': '{rate} por minuto',
  'workspace.label_approvers': 'Aprobadores',
  'workspace.rule_approvers_discord':
    'Los miembros con estos roles aprueban o rechazan solicitudes; si no hay ninguno, lo hacen los miembros con Gestionar servidor.',
  'workspace.rule_approvers_slack': 'Estas personas y grupos de usuarios aprueban o rechazan solicitudes.',
  'workspace.rule_approvers_web': 'Estas personas aprueban o rechazan solicitudes.',
  'workspace.label_threshold': 'Umbral de aprobación',
  'workspace.rule_threshold':
    'Las solicitudes de este importe o más necesitan un aprobador; 0,00 US$ significa que todas lo necesitan.',
  'workspace.label_self_approval': 'Autoaprobación',
  'workspace.rule_self_approval': 'Si un aprobador puede aprobar su propia solicitud.',
  'workspace.label_expiry': 'Caducidad de la aprobación',
  'workspace.rule_expiry': 'Una solicitud sin respuesta caduca tras este tiempo (de {min} a {max} horas).',
  'workspace.label_max_fund': 'Solicitud máxima',
  'workspace.rule_max_fund': 'Lo máximo que puede pedir una solicitud (de {min} a {max}).',
  'workspace.label_requests': 'Solicitudes por miembro',
  'workspace.rule_requests':
    'Solicitudes nuevas que un miembro puede abrir cada minuto (de {min, number} a {max, number}).',
  'workspace.label_alert_channel': 'Canal de alertas',
  'workspace.rule_alert_channel': 'Las alertas de saldo bajo se publican aquí.',
  'workspace.label_low_balance': 'Alerta de saldo bajo',
  'workspace.rule_low_balance':
    'Se publica una alerta en el canal de alertas cuando el saldo baja de este importe; vacío la desactiva.',
  'workspace.label_second': 'Segunda aprobación',
  'workspace.rule_second':
    'Las solicitudes de este importe o más necesitan dos aprobadores distintos (quien la pide nunca cuenta); igual o por encima del umbral de aprobación.',
  'workspace.label_member_budget': 'Presupuesto mensual por miembro',
  'workspace.rule_member_budget':
    'Pagos confirmados por miembro por mes natural (UTC); una solicitud que lo supere necesita un aprobador aunque esté por debajo del umbral.',
  'workspace.label_workspace_budget': 'Presupuesto mensual del espacio',
  'workspace.rule_workspace_budget':
    'Pagos confirmados de todo el espacio de trabajo por mes natural (UTC); una solicitud que lo supere necesita un aprobador.',
  'workspace.label_reminder': 'Recordatorio',
  'workspace.rule_reminder':
    'Un recordatorio a los aprobadores en el hilo de la tarjeta; antes de la caducidad de la aprobación.',
  'workspace.label_escalation': 'Escalado',
  'workspace.rule_escalation':
    'Después los aprobadores de respaldo también pueden decidir; tras el recordatorio, antes de la caducidad de la aprobación.',
  'workspace.label_fallback': 'Aprobadores de respaldo',
  'workspace.rule_fallback_discord': 'Los miembros con estos roles pueden decidir una solicitud escalada.',
  'workspace.rule_fallback_people': 'Estas personas (y grupos de usuarios) pueden decidir una solicitud escalada.',
  'workspace.label_language': 'Idioma',
  'workspace.language_default': 'English (predeterminado)',
  'workspace.rule_language':
    'Lo usan las publicaciones en canales y las respuestas a quien no tiene idioma en su app: {choices}. Un servidor de Discord nuevo empieza en su propio idioma.',
  'workspace.language_choice': '{code} ({name})',
  'workspace.language_name_en': 'English',
  'workspace.language_name_es': 'Español',
  'workspace.edit_approvals': 'Editar aprobaciones',
  'workspace.edit_limits': 'Editar límites',
  'workspace.edit_alerts': 'Editar alertas',
  'workspace.edit_spending': 'Editar gasto',
  'workspace.edit_escalation': 'Editar escalado',
  'workspace.edit_language': 'Editar idioma',

  'workspace.form_title_approvals': 'Aprobaciones',
  'workspace.form_title_limits': 'Límites de solicitudes',
  'workspace.form_title_alerts': 'Alertas de saldo',
  'workspace.form_title_spending': 'Control del gasto',
  'workspace.form_title_escalation': 'Recordatorio, escalado',
  'workspace.form_title_language': 'Idioma del espacio',
  'workspace.form_save': 'Guardar',
  'workspace.form_intro':
    'Los cambios se aplican desde la próxima solicitud y se auditan con quién los hizo, el antes y el después.',
  'workspace.field_approver_users': 'Aprobadores (personas)',
  'workspace.hint_approver_users': 'Personas que aprueban o rechazan solicitudes.',
  'workspace.field_approver_groups': 'Aprobadores (grupos)',
  'workspace.hint_groups': 'Ids de grupos de usuarios como S0123ABCD, separados por espacios.',
  'workspace.field_approver_roles': 'Roles aprobadores',
  'workspace.hint_approver_roles':
    'Ids de rol o menciones @rol, separados por espacios. Vacío: aprueban los miembros con Gestionar servidor.',
  'workspace.field_approvers': 'Aprobadores',
  'workspace.hint_people': 'Ids de personas, separados por espacios.',
  'workspace.field_fallback_users': 'Aprobadores de respaldo (personas)',
  'workspace.hint_fallback_users': 'Quién puede decidir cuando una solicitud se escala.',
  'workspace.field_fallback_groups': 'Aprobadores de respaldo (grupos)',
  'workspace.field_fallback_roles': 'Roles aprobadores de respaldo',
  'workspace.hint_fallback_roles': 'Ids de rol o menciones @rol: quién puede decidir cuando una solicitud se escala.',
  'workspace.field_fallback': 'Aprobadores de respaldo',
  'workspace.field_threshold': 'Umbral de aprobación (USD)',
  'workspace.hint_threshold':
    'Las solicitudes de este importe o más necesitan un aprobador; 0 significa que todas lo necesitan.',
  'workspace.field_self_approval': 'Permitir autoaprobación',
  'workspace.hint_self_approval': 'sí o no (yes/no): ¿puede un aprobador aprobar su propia solicitud?',
  'workspace.field_expiry': 'Caducidad (horas)',
  'workspace.hint_whole': 'Un número entero de {min} a {max}.',
  'workspace.field_max_fund': 'Solicitud máxima (USD)',
  'workspace.hint_max_fund': 'De {min} a {max}.',
  'workspace.field_requests': 'Solicitudes por miembro y minuto',
  'workspace.field_alert_channel': 'Canal de alertas',
  'workspace.hint_alert_channel': 'Dónde se publican las alertas de saldo bajo. Vacío: en ninguno.',
  'workspace.field_low_balance': 'Umbral de saldo bajo (USD)',
  'workspace.hint_low_balance': 'Avisa cuando el saldo baja de este importe. Vacío: desactivado.',
  'workspace.field_second': 'Segunda aprobación desde (USD)',
  'workspace.hint_second':
    'Las solicitudes de este importe o más necesitan dos aprobadores distintos (nunca quien la pide). Vacío: uno.',
  'workspace.field_member_budget': 'Presupuesto mensual por miembro (USD)',
  'workspace.hint_member_budget':
    'Pagado por miembro por mes UTC; superarlo necesita un aprobador. Al menos {min}; vacío: ninguno.',
  'workspace.field_workspace_budget': 'Presupuesto mensual del espacio (USD)',
  'workspace.hint_workspace_budget':
    'Pagos confirmados de todos por mes natural (UTC). Al menos {min}; vacío: ninguno.',
  'workspace.field_reminder': 'Recordatorio tras (horas)',
  'workspace.hint_reminder':
    'Un recordatorio a los aprobadores en el hilo de la tarjeta. Antes de la caducidad; vacío: ninguno.',
  'workspace.field_escalate': 'Escalar tras (horas)',
  'workspace.hint_escalate':
    'Después pueden decidir los aprobadores de respaldo. Tras el recordatorio, antes de la caducidad; vacío: nunca.',
  'workspace.field_language': 'Idioma',
  'workspace.hint_language': 'Uno de: {choices}. Vacío: el predeterminado del bot.',

  'workspace.settings_no_section': 'Esa sección de la configuración no existe; ejecuta /ml settings.',
  'workspace.settings_not_saved': 'No se guardó nada: {rules}',
  'workspace.settings_unchanged': 'No cambió nada.',
  'workspace.settings_saved_title': 'Configuración guardada',
  'workspace.settings_saved_text': 'Se aplica desde la próxima solicitud.',

  'workspace.the_threshold': 'El umbral de aprobación',
  'workspace.the_max_fund': 'La solicitud máxima',
  'workspace.the_second': 'El umbral de segunda aprobación',
  'workspace.the_member_budget': 'El presupuesto mensual por miembro',
  'workspace.the_workspace_budget': 'El presupuesto mensual del espacio de trabajo',
  'workspace.the_low_balance': 'El umbral de saldo bajo',
  'workspace.rule_got': '{rule} (recibido: {got}).',
  'workspace.rule_usd': '{label} debe ser un importe en dólares como 50 o 49.99 (recibido: {got}).',
  'workspace.rule_max_fund_min': '{label} debe ser al menos {min}, la recarga mínima de ModelsLab (recibido: {got}).',
  'workspace.rule_max_fund_max':
    '{label} debe ser como máximo {max}, la recarga más grande de ModelsLab (recibido: {got}).',
  'workspace.rule_whole': '{label} debe ser un número entero de {min, number} a {max, number} (recibido: {got}).',
  'workspace.rule_yes_no': '{label} debe ser sí o no (recibido: {got}).',
  'workspace.rule_language_value':
    'El idioma debe ser uno de {choices}, o vacío para el predeterminado (recibido: {got}).',
  'workspace.approver_rule_slack_users':
    'Los aprobadores son personas de Slack: ids de usuario como U0123ABCD o W0123ABCD, o @menciones',
  'workspace.approver_rule_web_users': 'Los aprobadores son ids de personas como web-avery',
  'workspace.approver_rule_slack_groups':
    'Los grupos aprobadores son ids de grupos de usuarios de Slack como S0123ABCD',
  'workspace.approver_rule_discord_roles':
    'Los roles aprobadores son ids de rol de Discord (de 17 a 20 dígitos, Modo desarrollador → Copiar ID del rol) o menciones de rol',
  'workspace.approver_kind_unknown': '{kind} no puede nombrar aprobadores en {platform}.',
  'workspace.rule_max_approvers': 'Como máximo {max} aprobadores por lista (recibido: {got}).',
  'workspace.channel_rule_slack':
    'El canal de alertas debe ser un id de canal de Slack como C0123ABCD (o G… si es privado) o un enlace #canal',
  'workspace.channel_rule_discord':
    'El canal de alertas debe ser un id de canal de Discord (de 17 a 20 dígitos) o una mención #canal',
  'workspace.channel_rule_web': 'El canal de alertas debe ser un id de canal como ml-billing',
  'workspace.channel_one_only': '{rule}: un solo canal.',
  'workspace.rule_low_balance_channel':
    'Un umbral de saldo bajo necesita un canal de alertas donde publicar: elige el canal o deja el umbral vacío (alertas desactivadas).',
  'workspace.rule_second_min':
    'El umbral de segunda aprobación debe ser al menos {min}, la recarga mínima de ModelsLab, o vacío (basta un aprobador) (recibido: {got}).',
  'workspace.rule_second_above':
    'El umbral de segunda aprobación ({second}) debe ser igual o superior al umbral de aprobación ({threshold}): las solicitudes más grandes necesitan más aprobadores, no menos.',
  'workspace.rule_budget_min':
    '{label} debe ser al menos {min}, la recarga mínima de ModelsLab, o vacío (sin presupuesto) (recibido: {got}).',
  'workspace.rule_reminder_before':
    'El recordatorio (tras {reminder}) debe llegar antes de la caducidad de la aprobación ({ttl}).',
  'workspace.rule_escalate_before':
    'El escalado (tras {escalate}) debe llegar antes de la caducidad de la aprobación ({ttl}).',
  'workspace.rule_escalate_after':
    'El escalado (tras {escalate}) debe llegar después del recordatorio (tras {reminder}).',
};
