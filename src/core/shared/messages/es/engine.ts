import type { engine as en } from '../en/engine.ts';
import type { Translation } from '../en/index.ts';

export const engine: Translation<typeof en> = {
  'engine.no_such_command': 'No existe el comando "/ml {sub}".',
  'engine.action_unavailable': 'Ese botón no está disponible en esta versión.',
  'engine.busy': 'Esa solicitud está ocupada ahora mismo; inténtalo de nuevo en un momento.',
  'engine.failure': 'Algo salió mal (ref.: {ref}).',
};
