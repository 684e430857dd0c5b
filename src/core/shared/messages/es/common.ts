import type { common as en } from '../en/common.ts';
import type { Translation } from '../en/index.ts';

export const common: Translation<typeof en> = {
  'common.cancel': 'Cancelar',
  'common.sandbox_marker': 'SANDBOX · pagos simulados',
};
