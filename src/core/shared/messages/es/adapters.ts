import type { adapters as en } from '../en/adapters.ts';
import type { Translation } from '../en/index.ts';

export const adapters: Translation<typeof en> = {
  'adapters.home_title': 'Facturación de ModelsLab',
  'adapters.home_intro': 'Paga la cuenta de ModelsLab del equipo desde Slack, con un aprobador al tanto.',
  'adapters.home_fund': 'Pide una recarga del monedero',
  'adapters.home_subscribe': 'Suscribe la cuenta a un plan',
  'adapters.home_balance': 'Saldo y movimientos recientes',
  'adapters.home_help': 'Estado, facturas, cupones, exportación de auditoría',
  'adapters.home_sandbox': 'SANDBOX: los pagos van al simulador integrado, no se mueve dinero real.',
  'adapters.home_unavailable': 'No se pudo cargar la pestaña Inicio. Vuelve a abrirla en un minuto.',
  'adapters.discord_foreign_server': 'Este bot no atiende a este servidor.',
  'adapters.discord_not_mine': 'Este botón o comando no es mío.',
  'adapters.discord_starting': 'El bot se está iniciando; inténtalo de nuevo en un momento.',
  'adapters.form_reopen': 'Abrir el formulario de nuevo',
  'adapters.form_errors_title': 'No se guardó nada',
  'adapters.form_errors_text': 'Corrige lo siguiente y vuelve a enviar el formulario:',
  'adapters.file_what': '{what, select, files {los archivos} csv {el CSV} chart {el gráfico} other {el archivo}}',
  'adapters.file_dm_closed':
    'no puedo enviarte mensajes directos (abre la pestaña Mensajes de la aplicación o pide ayuda a un administrador)',
  'adapters.file_upload_failed': 'Slack no aceptó la subida',
  'adapters.file_not_sent': 'No se pudo enviar {what} a tus mensajes directos: {why}. Inténtalo de nuevo en un minuto.',
  'adapters.file_sent':
    '{kind, select, files {Se enviaron} other {Se envió}} {what} a tus mensajes directos ({names}).',
  'adapters.web_missing_slash': 'Los comandos empiezan por "/": prueba "{suggestion}".',
  'adapters.web_unknown_command': 'Comando desconocido "{command}". Prueba {examples}.',
  'adapters.web_form_gone': 'Este formulario ya no está abierto. Vuelve a ejecutar el comando para obtener uno nuevo.',
  'adapters.web_form_check_failed': 'Algo salió mal al comprobar el formulario. Inténtalo de nuevo.',
  'adapters.install_done_title': 'mlbot está instalado',
  'adapters.install_done_body':
    'Abre Slack: quien lo instaló recibe un mensaje directo con un botón Conectar. Un administrador del espacio de trabajo también puede ejecutar <code>/ml connect</code>.',
  'adapters.install_failed_title': 'La instalación no se completó',
  'adapters.install_state_body':
    'Este enlace de instalación caducó o se abrió en otro navegador. Empieza de nuevo desde la página Add to Slack.',
  'adapters.install_failed_body': 'Slack no terminó la instalación. Empieza de nuevo desde la página Add to Slack.',
};
